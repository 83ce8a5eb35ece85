using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Codex.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RefundsAndDisputes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "RefundReason",
                table: "purchases",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "RefundedCents",
                table: "purchases",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            // Refunds so far were whole refunds.
            migrationBuilder.Sql("""UPDATE purchases SET "RefundedCents" = "PriceCents" WHERE "Status" = 'Refunded';""");
            // A buyer may hold one completed purchase of an item. Second payments taken before this release keep their
            // row, marked for a refund by hand (the provider was never asked), so the unique index can be built.
            migrationBuilder.Sql("""
                UPDATE purchases SET "Status" = 'Refunded', "RefundReason" = 'duplicate: refund by hand'
                WHERE "Status" = 'Completed' AND EXISTS (
                    SELECT 1 FROM purchases AS earlier
                    WHERE earlier."UserId" = purchases."UserId" AND earlier."ContentId" = purchases."ContentId"
                      AND earlier."Status" = 'Completed'
                      AND (earlier."CreatedAt" < purchases."CreatedAt" OR (earlier."CreatedAt" = purchases."CreatedAt" AND earlier."Id" < purchases."Id")));
                """);

            migrationBuilder.CreateIndex(
                name: "IX_purchases_one_completed_per_buyer",
                table: "purchases",
                columns: new[] { "UserId", "ContentId" },
                unique: true,
                filter: "\"Status\" = 'Completed'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_purchases_one_completed_per_buyer",
                table: "purchases");

            migrationBuilder.DropColumn(
                name: "RefundReason",
                table: "purchases");

            migrationBuilder.DropColumn(
                name: "RefundedCents",
                table: "purchases");
        }
    }
}
