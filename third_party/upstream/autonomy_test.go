package upstream

// autonomy is required here, without its replace lines, so that every other
// module is at the version autonomy builds with (glamour's rendering
// depends on lipgloss and x/ansi too) and its exchange tests can run here.
import _ "autonomy/exchange"
