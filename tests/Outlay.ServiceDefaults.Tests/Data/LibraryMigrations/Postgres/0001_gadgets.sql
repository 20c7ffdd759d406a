-- a library's own table, with its own history
CREATE TABLE gadgets (id integer NOT NULL PRIMARY KEY);
