-- zos grid registry schema, version 2: used WireGuard ports, the farmer's public configuration,
-- workloads with a per-node cursor, and their results.
CREATE TABLE used_ports (
    node_id VARCHAR(64) NOT NULL REFERENCES nodes (id),
    port INTEGER NOT NULL,
    PRIMARY KEY (node_id, port)
);

CREATE TABLE public_configs (
    node_id VARCHAR(64) PRIMARY KEY REFERENCES nodes (id),
    master VARCHAR(15) NOT NULL,
    ipv4 VARCHAR(64),
    gateway4 VARCHAR(64),
    ipv6 VARCHAR(64),
    gateway6 VARCHAR(64),
    config_version BIGINT NOT NULL,
    set_by VARCHAR(64) NOT NULL,
    updated BIGINT NOT NULL
);

ALTER TABLE nodes ADD COLUMN workload_cursor BIGINT DEFAULT 0 NOT NULL;

CREATE TABLE workloads (
    node_id VARCHAR(64) NOT NULL REFERENCES nodes (id),
    seq BIGINT NOT NULL,
    user_id VARCHAR(64) NOT NULL REFERENCES users (id),
    created BIGINT NOT NULL,
    body VARCHAR(1000000) NOT NULL,
    result_state VARCHAR(8),
    result_message VARCHAR(4096),
    result_data VARCHAR(100000),
    reported BIGINT,
    PRIMARY KEY (node_id, seq)
);

CREATE INDEX workloads_by_user ON workloads (user_id);
