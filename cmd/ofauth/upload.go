package main

import (
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/ofauth-go/ofauth"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
)

func (a *app) uploadCommand() *cobra.Command {
	var (
		name, contentType string
		asJSON            bool
	)
	cmd := &cobra.Command{
		Use:   "upload FILE",
		Short: "Upload a file to the vault and print its media id",
		Long: `Upload a file to the connection's vault with the SDK's streaming upload: the
file is sent in the parts the API asks for, a failed part is retried, and the
media id is printed. On a terminal a progress bar on stderr shows the bytes
sent, the rate and the time left; piped, nothing but the id is written.`,
		Example: "  ofauth upload clip.mp4 --connection conn_...",
		Args:    args(1, "one file"),
		RunE: a.runE(func(cmd *cobra.Command, argv []string) error {
			conn, err := a.needConnection()
			if err != nil {
				return err
			}
			f, err := os.Open(argv[0]) // #nosec G304 -- the user's own file
			if err != nil {
				return usageError{err}
			}
			defer func() { _ = f.Close() }() // read-only: nothing to flush
			st, err := f.Stat()
			if err != nil {
				return err
			}
			if !st.Mode().IsRegular() || st.Size() == 0 {
				return usagef("%s is not a non-empty regular file", argv[0])
			}
			if name == "" {
				name = filepath.Base(argv[0])
			}
			if contentType == "" {
				contentType = sniffType(f, name)
			}
			c, err := a.client()
			if err != nil {
				return err
			}
			p := &ofauth.UploadParams{Filename: name, ContentType: contentType}
			var bar *progressbar.ProgressBar
			if isTerminal(a.stderr) {
				bar = newBar(a.stderr, st.Size(), name)
				p.OnProgress = func(sent, _ int64) { _ = bar.Set64(sent) }
			}
			res, err := c.Access.WithConnection(conn).Uploads.Upload(cmd.Context(), f, st.Size(), p)
			if bar != nil {
				if err == nil {
					_ = bar.Finish()
				}
				fmt.Fprintln(a.stderr)
			}
			if err != nil {
				return err
			}
			if asJSON {
				return a.printJSON(res)
			}
			_, err = fmt.Fprintln(a.stdout, mediaID(res))
			return err
		}),
	}
	f := cmd.Flags()
	f.StringVar(&name, "name", "", "file name to send (default the file's base name)")
	f.StringVar(&contentType, "content-type", "", "MIME type (default from the extension or the content)")
	f.BoolVar(&asJSON, "json", false, "print the upload result as JSON")
	return cmd
}

// newBar is the progress bar of an upload: bytes, rate and time left.
func newBar(w io.Writer, size int64, name string) *progressbar.ProgressBar {
	return progressbar.NewOptions64(size,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription("uploading "+name),
		progressbar.OptionShowBytes(true),
		progressbar.OptionShowCount(),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionSetWidth(24),
		progressbar.OptionThrottle(50*time.Millisecond),
		progressbar.OptionUseANSICodes(true),
		progressbar.OptionSetRenderBlankState(true),
	)
}

// sniffType guesses a MIME type from the name, else from the first bytes.
func sniffType(f *os.File, name string) string {
	if t := mime.TypeByExtension(filepath.Ext(name)); t != "" {
		return t
	}
	head := make([]byte, 512)
	n, _ := f.ReadAt(head, 0) // a short read leaves less to sniff
	return http.DetectContentType(head[:n])
}

// mediaID is the vault media id, else the upload's reference.
func mediaID(r *ofauth.UploadResult) string {
	if r.Media != nil && r.Media.ID != 0 {
		return strconv.FormatInt(r.Media.ID, 10)
	}
	return r.MediaUploadID
}
