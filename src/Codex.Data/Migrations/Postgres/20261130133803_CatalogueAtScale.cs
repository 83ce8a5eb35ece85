using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Codex.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CatalogueAtScale : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "catalogue_counts",
                columns: table => new
                {
                    OrganizationId = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatorId = table.Column<Guid>(type: "uuid", nullable: false),
                    ContentType = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    AccessType = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Items = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_catalogue_counts", x => new { x.OrganizationId, x.CreatorId, x.ContentType, x.AccessType });
                });

            // ADR 023. EF Core has no model for what follows: partial expression indexes, a trigger, trigram indexes.

            // (Status, PublishedAt) led SQLite's planner, without statistics, to sort every published row for a page.
            migrationBuilder.DropIndex(
                name: "IX_content_Status_PublishedAt",
                table: "content");

            // One index per catalogue order over published, undeleted rows, each ending on Id like the query does. The
            // INCLUDEd columns let the id-only page query (the deferred join) be an index-only scan: PostgreSQL reads an
            // expression's columns from the index, not the expression's value.
            migrationBuilder.Sql("""
                CREATE INDEX "IX_content_catalogue_newest" ON content ((COALESCE("PublishedAt", "CreatedAt")) DESC, "Id")
                    INCLUDE ("PublishedAt", "CreatedAt") WHERE "Status" = 'Published' AND "DeletedAt" IS NULL;
                CREATE INDEX "IX_content_catalogue_oldest" ON content ((COALESCE("PublishedAt", "CreatedAt")), "Id")
                    INCLUDE ("PublishedAt", "CreatedAt") WHERE "Status" = 'Published' AND "DeletedAt" IS NULL;
                CREATE INDEX "IX_content_catalogue_title" ON content ((lower("Title")), "Id")
                    INCLUDE ("Title") WHERE "Status" = 'Published' AND "DeletedAt" IS NULL;
                CREATE INDEX "IX_content_catalogue_popular" ON content
                    ("PurchaseCount" DESC, "ViewCount" DESC, (COALESCE("PublishedAt", "CreatedAt")) DESC, "Id")
                    INCLUDE ("PublishedAt", "CreatedAt") WHERE "Status" = 'Published' AND "DeletedAt" IS NULL;
                """);

            // The catalogue's totals: published, undeleted items per (organization, creator, type, access), kept by a
            // trigger in the transaction that changes an item.
            migrationBuilder.Sql("""
                INSERT INTO catalogue_counts ("OrganizationId", "CreatorId", "ContentType", "AccessType", "Items")
                SELECT "OrganizationId", "CreatorId", "ContentType", "AccessType", count(*) FROM content
                WHERE "Status" = 'Published' AND "DeletedAt" IS NULL
                GROUP BY "OrganizationId", "CreatorId", "ContentType", "AccessType";

                CREATE FUNCTION content_counts() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD."Status" = 'Published' AND OLD."DeletedAt" IS NULL THEN
                        UPDATE catalogue_counts SET "Items" = "Items" - 1
                        WHERE "OrganizationId" = OLD."OrganizationId" AND "CreatorId" = OLD."CreatorId"
                          AND "ContentType" = OLD."ContentType" AND "AccessType" = OLD."AccessType";
                    END IF;
                    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW."Status" = 'Published' AND NEW."DeletedAt" IS NULL THEN
                        INSERT INTO catalogue_counts ("OrganizationId", "CreatorId", "ContentType", "AccessType", "Items")
                        VALUES (NEW."OrganizationId", NEW."CreatorId", NEW."ContentType", NEW."AccessType", 1)
                        ON CONFLICT ("OrganizationId", "CreatorId", "ContentType", "AccessType")
                        DO UPDATE SET "Items" = catalogue_counts."Items" + 1;
                    END IF;
                    RETURN NULL;
                END
                $$;

                CREATE TRIGGER content_counts
                AFTER INSERT OR DELETE OR UPDATE OF "Status", "DeletedAt", "OrganizationId", "CreatorId", "ContentType", "AccessType"
                ON content FOR EACH ROW EXECUTE FUNCTION content_counts();
                """);

            // Search: trigram indexes that serve lower(x) LIKE '%term%' for terms of three characters or more.
            // The planner's default cost of a random page read (4, for spinning disks) made it scan all 100,000 rows
            // rather than read a search's trigram index and its matches; 1.1 is the usual figure for SSDs and a warm
            // cache. Set on the database (new sessions), best effort: a role that does not own it leaves the server's
            // own setting (ADR 023). Not a connection-string option: PgBouncer and managed poolers refuse those.
            migrationBuilder.Sql("""
                DO $$
                BEGIN
                    EXECUTE format('ALTER DATABASE %I SET random_page_cost = 1.1', current_database());
                EXCEPTION WHEN insufficient_privilege THEN
                    RAISE NOTICE 'random_page_cost left as the server sets it: % does not own the database', current_user;
                END $$;
                """);

            // pg_trgm is a trusted extension (PostgreSQL 13+): a database owner may create it.
            migrationBuilder.Sql("""
                CREATE EXTENSION IF NOT EXISTS pg_trgm;
                CREATE INDEX "IX_content_search_title" ON content USING gin ((lower("Title")) gin_trgm_ops);
                CREATE INDEX "IX_content_search_description" ON content USING gin ((lower("Description")) gin_trgm_ops);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DO $$
                BEGIN
                    EXECUTE format('ALTER DATABASE %I RESET random_page_cost', current_database());
                EXCEPTION WHEN insufficient_privilege THEN
                    NULL;
                END $$;
                DROP INDEX "IX_content_search_description";
                DROP INDEX "IX_content_search_title";
                DROP TRIGGER content_counts ON content;
                DROP FUNCTION content_counts();
                DROP INDEX "IX_content_catalogue_popular";
                DROP INDEX "IX_content_catalogue_title";
                DROP INDEX "IX_content_catalogue_oldest";
                DROP INDEX "IX_content_catalogue_newest";
                """);

            migrationBuilder.DropTable(
                name: "catalogue_counts");

            migrationBuilder.CreateIndex(
                name: "IX_content_Status_PublishedAt",
                table: "content",
                columns: new[] { "Status", "PublishedAt" });
        }
    }
}
