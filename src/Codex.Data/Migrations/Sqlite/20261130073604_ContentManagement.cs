using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Codex.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ContentManagement : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_content_OrganizationId_Slug",
                table: "content");

            migrationBuilder.CreateIndex(
                name: "IX_content_OrganizationId_Slug",
                table: "content",
                columns: new[] { "OrganizationId", "Slug" },
                unique: true,
                filter: "\"DeletedAt\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_content_OrganizationId_Slug",
                table: "content");

            migrationBuilder.CreateIndex(
                name: "IX_content_OrganizationId_Slug",
                table: "content",
                columns: new[] { "OrganizationId", "Slug" },
                unique: true);
        }
    }
}
