package lab

import "testing"

func TestFreePortAvoidsEphemeralRangeAndTaken(t *testing.T) {
	lo, hi := ephemeralRange()
	if lo > hi || lo < 1 || hi > 65535 {
		t.Fatalf("ephemeralRange() = %d, %d", lo, hi)
	}
	taken := map[int]bool{}
	for range 50 {
		port, err := freePort(taken)
		if err != nil {
			t.Fatal(err)
		}
		if port < portRangeLow || port >= portRangeHigh {
			t.Errorf("port %d outside %d–%d", port, portRangeLow, portRangeHigh-1)
		}
		if port >= lo && port <= hi {
			t.Errorf("port %d is in the ephemeral range %d–%d", port, lo, hi)
		}
		if taken[port] {
			t.Errorf("port %d handed out twice", port)
		}
		taken[port] = true
	}
}
