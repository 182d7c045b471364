package ofauthsql

import (
	"errors"
	"regexp"
)

var (
	// ErrUnavailable matches the errors of calls that could not reach the
	// database or whose statement failed. The webhook handler answers 503
	// to them, so OFAuth delivers the event again later.
	ErrUnavailable = errors.New("ofauthsql: database unavailable")
	// ErrConfig matches the errors of a Deduper whose configuration is
	// unusable: no database, an invalid table name, or a driver whose
	// dialect cannot be told (use WithDialect).
	ErrConfig = errors.New("ofauthsql: invalid configuration")
	// ErrEmptyID is returned for an empty event id.
	ErrEmptyID = errors.New("ofauthsql: empty event id")
	// ErrDuplicate is returned by CommitTx when the event is already
	// handled, or is held by another delivery (this one's reservation
	// expired and someone else claimed it): roll the transaction back.
	ErrDuplicate = errors.New("ofauthsql: event already handled or held by another delivery")
)

// dbError is a failed statement. Its message never holds a password that a
// driver may have echoed from the connection string.
type dbError struct {
	op  string
	err error
}

func (e *dbError) Error() string {
	return "ofauthsql: " + e.op + ": database unavailable: " + redact(e.err.Error())
}

// Unwrap lets errors.Is match ErrUnavailable and errors.As reach the
// driver's error.
func (e *dbError) Unwrap() []error { return []error{ErrUnavailable, e.err} }

var (
	passwordKV  = regexp.MustCompile(`(?i)\b(password|passwd|pwd)\s*=\s*('(?:[^'\\]|\\.)*'|[^\s&;]+)`)
	urlUserinfo = regexp.MustCompile(`(://[^:/@\s]*):[^@\s]*@`)
)

// redact removes passwords from key=value and URL connection strings.
func redact(s string) string {
	s = passwordKV.ReplaceAllString(s, "${1}=xxxxx")
	return urlUserinfo.ReplaceAllString(s, "${1}:xxxxx@")
}
