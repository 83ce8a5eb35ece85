using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Codex.Data.Migrations.Postgres
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
                    Tag = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    ContentId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_content_tags", x => new { x.Tag, x.ContentId });
                });

            migrationBuilder.CreateIndex(
                name: "IX_content_tags_ContentId",
                table: "content_tags",
                column: "ContentId");

            // Kept by a trigger, as catalogue_counts is (ADR 023): every writer of content, the seeder and bulk updates
            // included, keeps the tags in step in the same transaction. Tags are matched in lower case.
            migrationBuilder.Sql("""
                INSERT INTO content_tags ("Tag", "ContentId")
                SELECT DISTINCT left(lower(t), 50), c."Id" FROM content c, unnest(c."Tags") t
                ON CONFLICT DO NOTHING;

                CREATE FUNCTION content_tags_sync() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP IN ('UPDATE', 'DELETE') THEN
                        DELETE FROM content_tags WHERE "ContentId" = OLD."Id";
                    END IF;
                    IF TG_OP IN ('INSERT', 'UPDATE') THEN
                        INSERT INTO content_tags ("Tag", "ContentId")
                        SELECT DISTINCT left(lower(t), 50), NEW."Id" FROM unnest(NEW."Tags") t
                        ON CONFLICT DO NOTHING;
                    END IF;
                    RETURN NULL;
                END
                $$;
                CREATE TRIGGER content_tags_sync AFTER INSERT OR DELETE OR UPDATE OF "Tags" ON content
                FOR EACH ROW EXECUTE FUNCTION content_tags_sync();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER content_tags_sync ON content;
                DROP FUNCTION content_tags_sync();
                """);

            migrationBuilder.DropTable(
                name: "content_tags");
        }
    }
}
