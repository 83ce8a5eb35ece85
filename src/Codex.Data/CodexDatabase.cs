using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.DependencyInjection;

namespace Codex.Data;

/// <summary>The database providers Codex runs on.</summary>
public enum DatabaseProvider { Sqlite, Postgres }

/// <summary>Chooses the provider from the connection string and registers the matching context.</summary>
public static class CodexDatabase
{
    /// <summary>PostgreSQL when the connection string names a host, SQLite otherwise.</summary>
    public static DatabaseProvider ProviderOf(string connectionString)
    {
        var cs = connectionString.TrimStart();
        return cs.StartsWith("postgres", StringComparison.OrdinalIgnoreCase)
            || cs.Contains("Host=", StringComparison.OrdinalIgnoreCase)
            || cs.Contains("Server=", StringComparison.OrdinalIgnoreCase)
            ? DatabaseProvider.Postgres
            : DatabaseProvider.Sqlite;
    }

    /// <summary>Registers <see cref="CodexDbContext"/> on the provider the connection string names.</summary>
    public static IServiceCollection AddCodexDatabase(this IServiceCollection services, string connectionString)
    {
        if (ProviderOf(connectionString) == DatabaseProvider.Postgres)
            services.AddDbContext<CodexDbContext, PostgresCodexDbContext>(o => o.UseNpgsql(connectionString));
        else
            services.AddDbContext<CodexDbContext, SqliteCodexDbContext>(o => o.UseSqlite(connectionString));
        return services;
    }

    /// <summary>A context outside dependency injection (migrations at start, seeding, tests).</summary>
    public static CodexDbContext Create(string connectionString) =>
        ProviderOf(connectionString) == DatabaseProvider.Postgres
            ? new PostgresCodexDbContext(new DbContextOptionsBuilder<PostgresCodexDbContext>().UseNpgsql(connectionString).Options)
            : new SqliteCodexDbContext(new DbContextOptionsBuilder<SqliteCodexDbContext>().UseSqlite(connectionString).Options);

    /// <summary>Applies pending migrations; on SQLite also switches the file to WAL so the workers read while one writes.</summary>
    public static async Task MigrateAsync(string connectionString, CancellationToken ct = default)
    {
        await using var db = Create(connectionString);
        if (db.Database.IsSqlite())
        {
            var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString);
            var folder = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
            if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        }
        await db.Database.MigrateAsync(ct);
        if (db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
    }
}

/// <summary>Lets <c>dotnet ef</c> build the SQLite model: <c>dotnet ef migrations add X --context SqliteCodexDbContext -o Migrations/Sqlite</c>.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteCodexDbContext>
{
    public SqliteCodexDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteCodexDbContext>().UseSqlite("Data Source=design.db").Options);
}

/// <summary>Lets <c>dotnet ef</c> build the PostgreSQL model (no server needed to add a migration).</summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresCodexDbContext>
{
    public PostgresCodexDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresCodexDbContext>().UseNpgsql("Host=localhost;Database=codex").Options);
}
