import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.jooq.codegen.GenerationTool;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.Database;
import org.jooq.meta.jaxb.Generate;
import org.jooq.meta.jaxb.Generator;
import org.jooq.meta.jaxb.Jdbc;
import org.jooq.meta.jaxb.Target;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * Build step (run by exec-maven-plugin in generate-sources): migrates a throwaway embedded
 * PostgreSQL with the Flyway migrations and generates the jOOQ classes from it. Real
 * PostgreSQL DDL semantics, no database needed on the build machine. Skipped when the
 * migrations' hash matches the one recorded next to the generated sources.
 */
public class JooqCodegen {
    /** Bump when the generator configuration below changes, to force a regeneration. */
    private static final String GENERATOR_VERSION = "1";

    public static void main(String[] args) throws Exception {
        Path migrations = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Path hashFile = out.resolve(".migrations.sha256");
        String hash = hashOf(migrations);
        if (Files.exists(hashFile) && Files.readString(hashFile).equals(hash)) {
            System.out.println("jOOQ classes are up to date with the migrations");
            return;
        }
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            String url = pg.getJdbcUrl("postgres", "postgres");
            Flyway.configure().dataSource(url, "postgres", null)
                    .locations("filesystem:" + migrations.toAbsolutePath()).load().migrate();
            deleteRecursively(out);
            GenerationTool.generate(new Configuration()
                    .withJdbc(new Jdbc().withDriver("org.postgresql.Driver").withUrl(url).withUser("postgres"))
                    .withGenerator(new Generator()
                            .withDatabase(new Database()
                                    .withName("org.jooq.meta.postgres.PostgresDatabase")
                                    .withInputSchema("public")
                                    .withIncludes(".*")
                                    .withExcludes("flyway_schema_history")
                                    .withIncludeRoutines(false))
                            .withGenerate(new Generate().withRecords(true).withFluentSetters(true)
                                    .withJavaTimeTypes(true).withGeneratedAnnotation(false))
                            .withTarget(new Target().withPackageName("io.calroom.schema.jooq")
                                    .withDirectory(out.toAbsolutePath().toString()))));
        }
        Files.createDirectories(out);
        Files.writeString(hashFile, hash);
    }

    private static String hashOf(Path dir) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                digest.update(f.getFileName().toString().getBytes());
                digest.update(Files.readAllBytes(f));
            }
        }
        digest.update(GENERATOR_VERSION.getBytes());
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void deleteRecursively(Path dir) throws Exception {
        if (!Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
