package app

import (
	"os"
	"testing"
)

// envRunAsKubekurs makes the test binary behave as the kubekurs binary, so
// that commands which start kubekurs again (the background lab) can be
// tested without building it first.
const envRunAsKubekurs = "KUBEKURS_TEST_RUN_AS_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(envRunAsKubekurs) == "1" {
		Main()
		return
	}
	os.Exit(m.Run())
}
