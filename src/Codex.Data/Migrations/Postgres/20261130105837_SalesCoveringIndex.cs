using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Codex.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SalesCoveringIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_purchases_OrganizationId_PurchasedAt",
                table: "purchases");

            migrationBuilder.CreateIndex(
                name: "IX_purchases_sales",
                table: "purchases",
                columns: new[] { "OrganizationId", "PurchasedAt", "ContentId", "UserId", "PriceCents", "RefundedCents", "Status", "GrantedById", "RefundReason" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_purchases_sales",
                table: "purchases");

            migrationBuilder.CreateIndex(
                name: "IX_purchases_OrganizationId_PurchasedAt",
                table: "purchases",
                columns: new[] { "OrganizationId", "PurchasedAt" });
        }
    }
}
