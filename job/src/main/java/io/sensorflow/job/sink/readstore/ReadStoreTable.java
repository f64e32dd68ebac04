package io.sensorflow.job.sink.readstore;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.types.DataType;
import org.apache.flink.types.Row;

/**
 * One table of the read store, described once for both sides: the PostgreSQL table the job creates
 * and checks, and the Flink table that writes into it through the JDBC connector.
 */
record ReadStoreTable(String name, List<Column> columns, List<String> primaryKey) {

    /** A column's SQL type in PostgreSQL, its name in {@code information_schema}, and in Flink. */
    enum Type {
        TEXT("TEXT", "text"),
        /**
         * Written as ISO-8601 text in UTC ({@code 2026-11-24T10:00:00Z}) that PostgreSQL parses
         * itself (see {@link ReadStoreSink#connectorUrl}): the connector (3.3.0) cannot write
         * TIMESTAMP_LTZ, and writes TIMESTAMP through the JVM's default time zone.
         */
        TIMESTAMPTZ("TIMESTAMPTZ", "timestamp with time zone"),
        DOUBLE("DOUBLE PRECISION", "double precision"),
        BIGINT("BIGINT", "bigint"),
        INT("INT", "integer");

        final String postgres;
        final String informationSchema;

        Type(String postgres, String informationSchema) {
            this.postgres = postgres;
            this.informationSchema = informationSchema;
        }

        /** How a row of the job carries it (Java's String, Double, Long, Integer). */
        TypeInformation<?> rowField() {
            return switch (this) {
                case TEXT, TIMESTAMPTZ -> Types.STRING;
                case DOUBLE -> Types.DOUBLE;
                case BIGINT -> Types.LONG;
                case INT -> Types.INT;
            };
        }

        DataType dataType() {
            return switch (this) {
                case TEXT, TIMESTAMPTZ -> DataTypes.STRING();
                case DOUBLE -> DataTypes.DOUBLE();
                case BIGINT -> DataTypes.BIGINT();
                case INT -> DataTypes.INT();
            };
        }
    }

    record Column(String name, Type type, boolean nullable) {}

    static Column column(String name, Type type) {
        return new Column(name, type, false);
    }

    static Column nullable(String name, Type type) {
        return new Column(name, type, true);
    }

    /** The PostgreSQL DDL, which leaves an existing table alone. */
    String createIfAbsent() {
        return "CREATE TABLE IF NOT EXISTS "
                + name
                + " ("
                + columns.stream()
                        .map(
                                c ->
                                        c.name()
                                                + " "
                                                + c.type().postgres
                                                + (c.nullable() ? "" : " NOT NULL"))
                        .collect(Collectors.joining(", "))
                + ", PRIMARY KEY ("
                + String.join(", ", primaryKey)
                + "))";
    }

    /** The type of the rows the job hands to the table's writer: its columns, in order. */
    TypeInformation<Row> rowType() {
        return Types.ROW_NAMED(
                columns.stream().map(Column::name).toArray(String[]::new),
                columns.stream().map(c -> c.type().rowField()).toArray(TypeInformation[]::new));
    }

    /** The same columns as a schema for converting those rows into a table. */
    Schema schema() {
        Schema.Builder schema = Schema.newBuilder();
        for (Column c : columns) {
            DataType type = c.type().dataType();
            schema.column(c.name(), c.nullable() ? type : type.notNull());
        }
        return schema.build();
    }

    /** The same columns with the table's primary key: the schema of the table's writer. */
    Schema keyedSchema() {
        return Schema.newBuilder().fromSchema(schema()).primaryKey(primaryKey).build();
    }
}
