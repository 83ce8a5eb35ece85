using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Codex.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OrganizationsRunThemselves : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "GrantedById",
                table: "purchases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "DeletedAt",
                table: "organizations",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "content_views",
                columns: table => new
                {
                    ContentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ViewerKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    LastCountedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_content_views", x => new { x.ContentId, x.ViewerKey });
                });

            migrationBuilder.CreateTable(
                name: "invitations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Email = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    Role = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    TokenHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    InvitedById = table.Column<Guid>(type: "TEXT", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false),
                    AcceptedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    AcceptedById = table.Column<Guid>(type: "TEXT", nullable: true),
                    RevokedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_invitations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_invitations_organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_purchases_OrganizationId_PurchasedAt",
                table: "purchases",
                columns: new[] { "OrganizationId", "PurchasedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_content_views_LastCountedAt",
                table: "content_views",
                column: "LastCountedAt");

            migrationBuilder.CreateIndex(
                name: "IX_invitations_OrganizationId",
                table: "invitations",
                column: "OrganizationId");

            migrationBuilder.CreateIndex(
                name: "IX_invitations_TokenHash",
                table: "invitations",
                column: "TokenHash",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "content_views");

            migrationBuilder.DropTable(
                name: "invitations");

            migrationBuilder.DropIndex(
                name: "IX_purchases_OrganizationId_PurchasedAt",
                table: "purchases");

            migrationBuilder.DropColumn(
                name: "GrantedById",
                table: "purchases");

            migrationBuilder.DropColumn(
                name: "DeletedAt",
                table: "organizations");
        }
    }
}
