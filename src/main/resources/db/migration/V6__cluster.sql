-- Cluster mode (issue 13). Portable between H2 2.x and PostgreSQL; only a cluster (on PostgreSQL) uses them.
-- desk_leader: one row, id 1. The node elected leader (it holds the advisory lock) adds one to epoch; each write
--   of the leader first checks, in its transaction, that epoch is still its own (SELECT ... FOR SHARE), so a node
--   that lost the leadership without knowing it can never write. node and elected_at: who was elected, when
--   (epoch milliseconds, UTC), for people.
-- desk_nodes: each live node's heartbeat. seen_at is the database's clock (epoch milliseconds) at its last
--   heartbeat, so nodes whose clocks differ still agree on who is gone. address: where its desk listens.
CREATE TABLE desk_leader (
    id          INTEGER PRIMARY KEY,
    epoch       BIGINT NOT NULL,
    node        VARCHAR(200),
    elected_at  BIGINT
);
INSERT INTO desk_leader (id, epoch) VALUES (1, 0);

CREATE TABLE desk_nodes (
    id          VARCHAR(200) PRIMARY KEY,
    address     VARCHAR(500),
    started_at  BIGINT NOT NULL,
    seen_at     BIGINT NOT NULL
);
