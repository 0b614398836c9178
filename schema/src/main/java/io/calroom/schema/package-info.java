/** Flyway migrations, jOOQ classes and the calendar store. */
package io.calroom.schema;
