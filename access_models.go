package ofauth

// Constants shared by several Access groups; their shared models are
// generated into access_models_gen.go.

// Media types.
const (
	MediaPhoto = "photo"
	MediaVideo = "video"
	MediaGIF   = "gif"
	MediaAudio = "audio"
)
