package exchange

import "autonomy/workbook"

// Format is the version EncodeJSON writes. A change that adds records
// raises it (a file of its own, and a line in formats), and DecodeJSON
// keeps reading every earlier one (Readable).
const Format = "autonomy/3"

// Format autonomy/3, the one EncodeJSON writes: the records of autonomy/2
// (format_v2.go) and the fields below, which a build of autonomy/2 would
// refuse: whether the program fit into a normal week, in a check-in, and
// the status of a request for feedback (asked, answered), which lets it be
// saved before it is answered.
var v3 = version{name: Format, added: []addition{
	{exercise: workbook.RoleCheckIn, field: workbook.FieldRoleNormalWeek},
	{exercise: workbook.RolePeerFeedback, field: workbook.FieldRoleFeedbackState},
	{exercise: workbook.RoleManagerFeedback, field: workbook.FieldRoleFeedbackState},
}}
