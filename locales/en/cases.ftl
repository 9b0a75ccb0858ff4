# Cases shared with the parent's consent (issue 13): the words the server
# writes into a case's text. Headings stand above each side's messages in
# the long text of a case written in English.

case-heading-parent = Question:
case-heading-staff = Answer:
