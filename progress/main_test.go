package progress

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kubekurs/kubekurs/cluster/lab/labtest"
)

// testCluster is the practice cluster TestMain starts (nil under -short).
var testCluster *labtest.Cluster

// Child processes: the tests re-run this test binary with childMode set to
// have another process write the same progress file.
const (
	// childMode is "writer" (write until killed) or "attempts" (count
	// childCount failed attempts at step childStep of lesson childLesson,
	// then exit).
	childMode   = "KUBEKURS_PROGRESS_TEST_CHILD"
	childPath   = "KUBEKURS_PROGRESS_TEST_PATH"
	childLesson = "KUBEKURS_PROGRESS_TEST_LESSON"
	childStep   = "KUBEKURS_PROGRESS_TEST_STEP"
	childCount  = "KUBEKURS_PROGRESS_TEST_COUNT"
)

func TestMain(m *testing.M) {
	if mode := os.Getenv(childMode); mode != "" {
		if err := runChild(mode); err != nil {
			fmt.Fprintln(os.Stderr, "child:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(labtest.Run(m, func(c *labtest.Cluster) { testCluster = c }))
}

// runChild is a child process's work.
func runChild(mode string) error {
	s, err := Open(os.Getenv(childPath), time.Now)
	if err != nil {
		return err
	}
	switch mode {
	case "writer":
		return writeUntilKilled(s)
	case "attempts":
		step, _ := strconv.Atoi(os.Getenv(childStep))
		n, _ := strconv.Atoi(os.Getenv(childCount))
		for range n {
			if err := s.AttemptFailed(os.Getenv(childLesson), step); err != nil {
				return err
			}
		}
		return nil
	}
	return fmt.Errorf("unknown mode %q", mode)
}

// writeUntilKilled says "ready" on stdout and then changes the progress
// as fast as it can, every write a different file of a few kilobytes,
// until it is killed.
func writeUntilKilled(s *Store) error {
	fmt.Println("ready")
	answer := strings.Repeat("en lang refleksjon over ReplicaSet-et ", 100)
	for i := 1; ; i++ {
		var err error
		switch i % 4 {
		case 0:
			err = s.HintsShown("L01", 1, i)
		case 1:
			err = s.AttemptFailed("L02", 1+i%7)
		case 2:
			err = s.QuizAnswered("L03", 1+i%5, answer[:i%len(answer)], i%2 == 0)
		case 3:
			err = s.SetPosition("L04", i)
		}
		if err != nil {
			return err
		}
	}
}
