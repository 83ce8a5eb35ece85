using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Codex.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OutboxAndSweeps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "outgoing_mail",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Template = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Recipient = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    Payload = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    NextAttemptAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SentAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outgoing_mail", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_webhook_events_ReceivedAt",
                table: "webhook_events",
                column: "ReceivedAt");

            migrationBuilder.CreateIndex(
                name: "IX_sessions_ExpiresAt",
                table: "sessions",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_one_time_tokens_ExpiresAt",
                table: "one_time_tokens",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_idempotency_keys_ExpiresAt",
                table: "idempotency_keys",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_checkout_sessions_Status_ExpiresAt",
                table: "checkout_sessions",
                columns: new[] { "Status", "ExpiresAt" });

            migrationBuilder.CreateIndex(
                name: "IX_outgoing_mail_Status_NextAttemptAt",
                table: "outgoing_mail",
                columns: new[] { "Status", "NextAttemptAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "outgoing_mail");

            migrationBuilder.DropIndex(
                name: "IX_webhook_events_ReceivedAt",
                table: "webhook_events");

            migrationBuilder.DropIndex(
                name: "IX_sessions_ExpiresAt",
                table: "sessions");

            migrationBuilder.DropIndex(
                name: "IX_one_time_tokens_ExpiresAt",
                table: "one_time_tokens");

            migrationBuilder.DropIndex(
                name: "IX_idempotency_keys_ExpiresAt",
                table: "idempotency_keys");

            migrationBuilder.DropIndex(
                name: "IX_checkout_sessions_Status_ExpiresAt",
                table: "checkout_sessions");
        }
    }
}
