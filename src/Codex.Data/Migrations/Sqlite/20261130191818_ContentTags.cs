using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Codex.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ContentTags : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "content_tags",
                columns: table => new
                {
                    Tag = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    ContentId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_content_tags", x => new { x.Tag, x.ContentId });
                });

            migrationBuilder.CreateIndex(
                name: "IX_content_tags_ContentId",
                table: "content_tags",
                column: "ContentId");

            // Kept by triggers, as catalogue_counts is (ADR 023): every writer of content, the seeder and bulk updates
            // included, keeps the tags in step in the same transaction. Tags are matched in lower case.
            migrationBuilder.Sql("""
                INSERT OR IGNORE INTO "content_tags" ("Tag", "ContentId")
                SELECT substr(lower(t."value"), 1, 50), c."Id" FROM "content" c, json_each(c."Tags") t;

                CREATE TRIGGER "content_tags_insert" AFTER INSERT ON "content"
                BEGIN
                    INSERT OR IGNORE INTO "content_tags" ("Tag", "ContentId")
                    SELECT substr(lower("value"), 1, 50), NEW."Id" FROM json_each(NEW."Tags");
                END;
                CREATE TRIGGER "content_tags_update" AFTER UPDATE OF "Tags" ON "content"
                BEGIN
                    DELETE FROM "content_tags" WHERE "ContentId" = OLD."Id";
                    INSERT OR IGNORE INTO "content_tags" ("Tag", "ContentId")
                    SELECT substr(lower("value"), 1, 50), NEW."Id" FROM json_each(NEW."Tags");
                END;
                CREATE TRIGGER "content_tags_delete" AFTER DELETE ON "content"
                BEGIN
                    DELETE FROM "content_tags" WHERE "ContentId" = OLD."Id";
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER "content_tags_delete";
                DROP TRIGGER "content_tags_update";
                DROP TRIGGER "content_tags_insert";
                """);

            migrationBuilder.DropTable(
                name: "content_tags");
        }
    }
}
