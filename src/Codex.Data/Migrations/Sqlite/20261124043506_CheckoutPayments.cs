using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Codex.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CheckoutPayments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "PaymentIntentId",
                table: "webhook_events",
                type: "TEXT",
                maxLength: 255,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_webhook_events_PaymentIntentId",
                table: "webhook_events",
                column: "PaymentIntentId");

            migrationBuilder.CreateIndex(
                name: "IX_purchases_PaymentIntentId",
                table: "purchases",
                column: "PaymentIntentId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_webhook_events_PaymentIntentId",
                table: "webhook_events");

            migrationBuilder.DropIndex(
                name: "IX_purchases_PaymentIntentId",
                table: "purchases");

            migrationBuilder.DropColumn(
                name: "PaymentIntentId",
                table: "webhook_events");
        }
    }
}
