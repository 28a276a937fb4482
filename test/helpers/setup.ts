// Shared test setup: Ink and colour libraries behave differently under CI=true / NO_COLOR.
delete process.env['CI'];
delete process.env['NO_COLOR'];
delete process.env['FORCE_COLOR'];
process.env['TUTTI_TEST'] = '1';
