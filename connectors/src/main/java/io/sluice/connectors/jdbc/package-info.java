/**
 * PostgreSQL over JDBC (contract §10): {@link io.sluice.connectors.jdbc.JdbcSettings} from a location's
 * {@code jdbc { }} block, {@link io.sluice.connectors.jdbc.JdbcInput} reads key ranges with server-side cursors
 * straight into feature batches, {@link io.sluice.connectors.jdbc.JdbcOutput} writes each partition with COPY in
 * one transaction that first removes what an earlier attempt of that partition wrote. Nothing here is loaded
 * unless a job names a {@code jdbc:} location.
 */
package io.sluice.connectors.jdbc;
