package board

import "charm.land/bubbles/v2/key"

// keyMap holds the board's key bindings; the help bar is made from them.
type keyMap struct {
	Up, Down, Open, Back, Sort, Filter, Quit key.Binding
	// While the filter is typed.
	Accept, Clear key.Binding
}

func newKeyMap() keyMap {
	return keyMap{
		Up:     key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", helpUp)),
		Down:   key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", helpDown)),
		Open:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", helpOpen)),
		Back:   key.NewBinding(key.WithKeys("esc", "backspace"), key.WithHelp("esc", helpBack)),
		Sort:   key.NewBinding(key.WithKeys("s"), key.WithHelp("s", helpSort)),
		Filter: key.NewBinding(key.WithKeys("/"), key.WithHelp("/", helpFilter)),
		Quit:   key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", helpQuit)),
		Accept: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", helpAccept)),
		Clear:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", helpClear)),
	}
}

// listHelp is the help of the class table; esc shows while a filter is
// set, since it removes it there.
func (k keyMap) listHelp(filtered bool) []key.Binding {
	if filtered {
		return []key.Binding{k.Up, k.Down, k.Open, k.Sort, k.Filter, k.Clear, k.Quit}
	}
	return []key.Binding{k.Up, k.Down, k.Open, k.Sort, k.Filter, k.Quit}
}

// filterHelp is the help while the filter is typed.
func (k keyMap) filterHelp() []key.Binding { return []key.Binding{k.Accept, k.Clear} }

// detailsHelp is the help of one student's details.
func (k keyMap) detailsHelp() []key.Binding { return []key.Binding{k.Up, k.Down, k.Back, k.Quit} }
