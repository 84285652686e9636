package lessons

import (
	"os"
	"testing"
)

func BenchmarkValidateGood(b *testing.B) {
	fsys := os.DirFS("testdata/good")
	for b.Loop() {
		if err := Validate(fsys, "good", testCompile); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLoadGood(b *testing.B) {
	fsys := os.DirFS("testdata/good")
	for b.Loop() {
		if _, err := Load(fsys, "good", Vars{Namespace: "default"}); err != nil {
			b.Fatal(err)
		}
	}
}
