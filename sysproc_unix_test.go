//go:build unix

package main

import "syscall"

func sysProcAttrSetsid() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setsid: true} }
