using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Codex.Data.Migrations.Sqlite
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
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatorId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    AccessType = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Items = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_catalogue_counts", x => new { x.OrganizationId, x.CreatorId, x.ContentType, x.AccessType });
                });

            // ADR 023. EF Core has no model for what follows: partial expression indexes, triggers, an FTS5 table.
            // A later migration that makes EF rebuild the content table (SQLite's way to alter a column) drops these
            // triggers and renumbers rowids: it must create them again and fill content_search again (ADR 023).

            // (Status, PublishedAt) led SQLite's planner, without statistics, to sort every published row for a page.
            migrationBuilder.DropIndex(
                name: "IX_content_Status_PublishedAt",
                table: "content");

            // One index per catalogue order over published, undeleted rows, each ending on Id like the query does.
            migrationBuilder.Sql("""
                CREATE INDEX "IX_content_catalogue_newest" ON "content" (COALESCE("PublishedAt", "CreatedAt") DESC, "Id")
                    WHERE "Status" = 'Published' AND "DeletedAt" IS NULL;
                CREATE INDEX "IX_content_catalogue_oldest" ON "content" (COALESCE("PublishedAt", "CreatedAt"), "Id")
                    WHERE "Status" = 'Published' AND "DeletedAt" IS NULL;
                CREATE INDEX "IX_content_catalogue_title" ON "content" (lower("Title"), "Id")
                    WHERE "Status" = 'Published' AND "DeletedAt" IS NULL;
                CREATE INDEX "IX_content_catalogue_popular" ON "content"
                    ("PurchaseCount" DESC, "ViewCount" DESC, COALESCE("PublishedAt", "CreatedAt") DESC, "Id")
                    WHERE "Status" = 'Published' AND "DeletedAt" IS NULL;
                """);

            // The catalogue's totals: published, undeleted items per (organization, creator, type, access).
            migrationBuilder.Sql("""
                INSERT INTO "catalogue_counts" ("OrganizationId", "CreatorId", "ContentType", "AccessType", "Items")
                SELECT "OrganizationId", "CreatorId", "ContentType", "AccessType", count(*) FROM "content"
                WHERE "Status" = 'Published' AND "DeletedAt" IS NULL
                GROUP BY "OrganizationId", "CreatorId", "ContentType", "AccessType";

                CREATE TRIGGER "content_counts_insert" AFTER INSERT ON "content"
                WHEN NEW."Status" = 'Published' AND NEW."DeletedAt" IS NULL
                BEGIN
                    INSERT INTO "catalogue_counts" ("OrganizationId", "CreatorId", "ContentType", "AccessType", "Items")
                    VALUES (NEW."OrganizationId", NEW."CreatorId", NEW."ContentType", NEW."AccessType", 1)
                    ON CONFLICT ("OrganizationId", "CreatorId", "ContentType", "AccessType") DO UPDATE SET "Items" = "Items" + 1;
                END;

                CREATE TRIGGER "content_counts_delete" AFTER DELETE ON "content"
                WHEN OLD."Status" = 'Published' AND OLD."DeletedAt" IS NULL
                BEGIN
                    UPDATE "catalogue_counts" SET "Items" = "Items" - 1
                    WHERE "OrganizationId" = OLD."OrganizationId" AND "CreatorId" = OLD."CreatorId"
                      AND "ContentType" = OLD."ContentType" AND "AccessType" = OLD."AccessType";
                END;

                CREATE TRIGGER "content_counts_update"
                AFTER UPDATE OF "Status", "DeletedAt", "OrganizationId", "CreatorId", "ContentType", "AccessType" ON "content"
                BEGIN
                    UPDATE "catalogue_counts" SET "Items" = "Items" - 1
                    WHERE OLD."Status" = 'Published' AND OLD."DeletedAt" IS NULL
                      AND "OrganizationId" = OLD."OrganizationId" AND "CreatorId" = OLD."CreatorId"
                      AND "ContentType" = OLD."ContentType" AND "AccessType" = OLD."AccessType";
                    INSERT INTO "catalogue_counts" ("OrganizationId", "CreatorId", "ContentType", "AccessType", "Items")
                    SELECT NEW."OrganizationId", NEW."CreatorId", NEW."ContentType", NEW."AccessType", 1
                    WHERE NEW."Status" = 'Published' AND NEW."DeletedAt" IS NULL
                    ON CONFLICT ("OrganizationId", "CreatorId", "ContentType", "AccessType") DO UPDATE SET "Items" = "Items" + 1;
                END;
                """);

            // Search: a trigram full-text index of title and description that finds any substring of three characters
            // or more, ignoring case (external content: the text stays in content only). It holds only the published,
            // undeleted rows, the ones the public catalogue can list, kept so by the triggers: then a search's total is
            // a count of the index alone, without reading a content row per match (ADR 023). The studio's search
            // (drafts included) reads its organization's rows instead. Never 'rebuild' it: that would index every row.
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE "content_search" USING fts5("Title", "Description", content='content', content_rowid='rowid',
                    tokenize='trigram');

                CREATE TRIGGER "content_search_insert" AFTER INSERT ON "content"
                WHEN NEW."Status" = 'Published' AND NEW."DeletedAt" IS NULL
                BEGIN
                    INSERT INTO "content_search" ("rowid", "Title", "Description") VALUES (NEW."rowid", NEW."Title", NEW."Description");
                END;

                CREATE TRIGGER "content_search_delete" AFTER DELETE ON "content"
                WHEN OLD."Status" = 'Published' AND OLD."DeletedAt" IS NULL
                BEGIN
                    INSERT INTO "content_search" ("content_search", "rowid", "Title", "Description")
                    VALUES ('delete', OLD."rowid", OLD."Title", OLD."Description");
                END;

                CREATE TRIGGER "content_search_update" AFTER UPDATE OF "Title", "Description", "Status", "DeletedAt" ON "content"
                BEGIN
                    INSERT INTO "content_search" ("content_search", "rowid", "Title", "Description")
                    SELECT 'delete', OLD."rowid", OLD."Title", OLD."Description" WHERE OLD."Status" = 'Published' AND OLD."DeletedAt" IS NULL;
                    INSERT INTO "content_search" ("rowid", "Title", "Description")
                    SELECT NEW."rowid", NEW."Title", NEW."Description" WHERE NEW."Status" = 'Published' AND NEW."DeletedAt" IS NULL;
                END;

                INSERT INTO "content_search" ("rowid", "Title", "Description")
                SELECT "rowid", "Title", "Description" FROM "content" WHERE "Status" = 'Published' AND "DeletedAt" IS NULL;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER "content_search_update";
                DROP TRIGGER "content_search_delete";
                DROP TRIGGER "content_search_insert";
                DROP TABLE "content_search";
                DROP TRIGGER "content_counts_update";
                DROP TRIGGER "content_counts_delete";
                DROP TRIGGER "content_counts_insert";
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
