-- test schema
CREATE TABLE widgets (id integer NOT NULL PRIMARY KEY, name text NOT NULL);
