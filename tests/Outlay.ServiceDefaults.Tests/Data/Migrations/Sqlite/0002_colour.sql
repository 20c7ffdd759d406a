-- a second step
ALTER TABLE widgets ADD COLUMN colour text NULL;
INSERT INTO widgets (id, name) VALUES (1, 'first');
