-- Named leases: a job that must run on one instance at a time (the sweeper) holds its row until expires_at.
CREATE TABLE leases (
    name        VARCHAR(40)  PRIMARY KEY,
    holder      VARCHAR(80),
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
INSERT INTO leases (name, holder, expires_at) VALUES ('sweeper', NULL, TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00');
