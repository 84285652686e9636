package app

import (
	"io"
	"strings"
)

// askYes reads one answer line: j/ja/y/yes is yes, n/nei/no is no, and
// an empty line (or end of input) is def.
func askYes(streams Streams, def bool) bool {
	switch strings.ToLower(strings.TrimSpace(readLine(streams.In))) {
	case "j", "ja", "y", "yes":
		return true
	case "n", "nei", "no":
		return false
	}
	return def
}

// readLine reads one line, a byte at a time, so that nothing after it is
// taken from in: a second question reads the next line.
func readLine(in io.Reader) string {
	var b strings.Builder
	buf := make([]byte, 1)
	for {
		n, err := in.Read(buf)
		if n == 1 {
			if buf[0] == '\n' {
				return b.String()
			}
			b.WriteByte(buf[0])
		}
		if err != nil {
			return b.String()
		}
	}
}
