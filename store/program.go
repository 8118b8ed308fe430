package store

import (
	"errors"

	"autonomy/workbook"
)

// The program's store is split by use case: runs.go (runs and pauses),
// answers.go (entries and their revisions), drafts.go, reading.go (the
// reading place and the sections read).
var _ workbook.ProgramStore = (*Store)(nil)

// Errors of the program's methods; test them with errors.Is.
var (
	// ErrNotFound: no run or entry with that id.
	ErrNotFound = errors.New("not found")
	// ErrRunOpen: StartRun while a run is open.
	ErrRunOpen = errors.New("finish or close the current run first")
	// ErrRunClosed: PauseRun on a closed run.
	ErrRunClosed = errors.New("the run is closed")
	// ErrPaused: PauseRun on a paused run.
	ErrPaused = errors.New("the run is already paused")
	// ErrNotPaused: ResumeRun on a run that is not paused.
	ErrNotPaused = errors.New("the run is not paused")
)
