using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Codex.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class MediaAndTranscoding : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "OriginalFileName",
                table: "media",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "text",
                oldNullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Error",
                table: "media",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Height",
                table: "media",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ThumbnailKey",
                table: "media",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Title",
                table: "media",
                type: "character varying(500)",
                maxLength: 500,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "Width",
                table: "media",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "transcoding_jobs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    MediaId = table.Column<Guid>(type: "uuid", nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Progress = table.Column<int>(type: "integer", nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    NextAttemptAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    FinishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastError = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_transcoding_jobs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_transcoding_jobs_media_MediaId",
                        column: x => x.MediaId,
                        principalTable: "media",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_transcoding_jobs_MediaId",
                table: "transcoding_jobs",
                column: "MediaId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_transcoding_jobs_Status_NextAttemptAt",
                table: "transcoding_jobs",
                columns: new[] { "Status", "NextAttemptAt" });

            // Status names of v2 (uploaded, transcoding), and a title for files stored before titles existed.
            migrationBuilder.Sql("UPDATE media SET \"Status\" = 'Uploaded' WHERE \"Status\" = 'Uploading';");
            migrationBuilder.Sql("UPDATE media SET \"Status\" = 'Transcoding' WHERE \"Status\" = 'Processing';");
            migrationBuilder.Sql("UPDATE media SET \"Title\" = COALESCE(\"OriginalFileName\", 'Untitled') WHERE \"Title\" = '';");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("UPDATE media SET \"Status\" = 'Uploading' WHERE \"Status\" = 'Uploaded';");
            migrationBuilder.Sql("UPDATE media SET \"Status\" = 'Processing' WHERE \"Status\" = 'Transcoding';");

            migrationBuilder.DropTable(
                name: "transcoding_jobs");

            migrationBuilder.DropColumn(
                name: "Error",
                table: "media");

            migrationBuilder.DropColumn(
                name: "Height",
                table: "media");

            migrationBuilder.DropColumn(
                name: "ThumbnailKey",
                table: "media");

            migrationBuilder.DropColumn(
                name: "Title",
                table: "media");

            migrationBuilder.DropColumn(
                name: "Width",
                table: "media");

            migrationBuilder.AlterColumn<string>(
                name: "OriginalFileName",
                table: "media",
                type: "text",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(500)",
                oldMaxLength: 500,
                oldNullable: true);
        }
    }
}
