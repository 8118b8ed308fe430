package exchange

import "autonomy/workbook"

// Format autonomy/2: the records of autonomy/1 (format_v1.go) and the
// exercises and fields below, which a file of autonomy/1 cannot hold,
// since the build that wrote it did not have them: the metric's daily
// values, the stability check-in and the failure-mode reflection; whether
// a constraint is reasonable, and a report's stress flag.
var v2 = version{name: "autonomy/2", added: []addition{
	{exercise: workbook.RoleMetricValue},
	{exercise: workbook.RoleCheckIn},
	{exercise: workbook.RoleReflection},
	{exercise: workbook.RoleConstraint, field: workbook.FieldRoleReasonable},
	{exercise: workbook.RoleReport, field: workbook.FieldRoleStress},
}}
