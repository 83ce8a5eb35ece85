using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Npgsql.EntityFrameworkCore.PostgreSQL;

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

    /// <summary>How long to wait for a PostgreSQL connection when the connection string does not say (<c>Timeout</c>).</summary>
    public const int DefaultConnectSeconds = 3;
    /// <summary>How long one PostgreSQL command may run when the connection string does not say (<c>Command Timeout</c>).</summary>
    public const int DefaultCommandSeconds = 10;

    /// <summary>
    /// Registers <see cref="CodexDbContext"/> on the provider the connection string names. On PostgreSQL a command that
    /// fails on a transient error (a pooled connection the server closed on restart, 57P01) is run again at once, and
    /// once more shortly after; a timeout is never retried, so a hung server is a 503 within seconds.
    /// </summary>
    public static IServiceCollection AddCodexDatabase(this IServiceCollection services, string connectionString)
    {
        if (ProviderOf(connectionString) == DatabaseProvider.Postgres)
            services.AddDbContext<CodexDbContext, PostgresCodexDbContext>(o => UsePostgres(o, connectionString));
        else
            services.AddDbContext<CodexDbContext, SqliteCodexDbContext>(o => o.UseSqlite(connectionString));
        return services;
    }

    /// <summary>A context outside dependency injection (migrations at start, seeding, tests).</summary>
    public static CodexDbContext Create(string connectionString) =>
        ProviderOf(connectionString) == DatabaseProvider.Postgres
            ? new PostgresCodexDbContext(UsePostgres(new DbContextOptionsBuilder<PostgresCodexDbContext>(), connectionString).Options)
            : new SqliteCodexDbContext(new DbContextOptionsBuilder<SqliteCodexDbContext>().UseSqlite(connectionString).Options);

    /// <summary>Points another context (the host's key-ring context) at the Codex database, on its provider.</summary>
    public static DbContextOptionsBuilder UseCodexDatabase(this DbContextOptionsBuilder options, string connectionString)
    {
        if (ProviderOf(connectionString) == DatabaseProvider.Postgres) UsePostgres(options, connectionString);
        else options.UseSqlite(connectionString);
        return options;
    }

    private static DbContextOptionsBuilder<T> UsePostgres<T>(DbContextOptionsBuilder<T> options, string connectionString) where T : DbContext
    {
        UsePostgres((DbContextOptionsBuilder)options, connectionString);
        return options;
    }

    private static void UsePostgres(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(WithPostgresTimeouts(connectionString), npgsql =>
            npgsql.ExecutionStrategy(dependencies => new TransientRetryStrategy(dependencies)));

    /// <summary>The connection string with Codex's short connect and command timeouts where it sets none of its own.</summary>
    public static string WithPostgresTimeouts(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.ContainsKey("Timeout") && !given.ContainsKey("Connect Timeout") && !given.ContainsKey("Connection Timeout"))
            builder.Timeout = DefaultConnectSeconds;
        if (!given.ContainsKey("Command Timeout") && !given.ContainsKey("CommandTimeout"))
            builder.CommandTimeout = DefaultCommandSeconds;
        return builder.ConnectionString;
    }

    /// <summary>Where the database is, for a log line: host, port and name, or the SQLite file; never a password.</summary>
    public static string Describe(string connectionString)
    {
        try
        {
            if (ProviderOf(connectionString) == DatabaseProvider.Postgres)
            {
                var pg = new NpgsqlConnectionStringBuilder(connectionString);
                return $"PostgreSQL {pg.Host}:{pg.Port}/{pg.Database}";
            }
            return "SQLite " + Path.GetFullPath(new SqliteConnectionStringBuilder(connectionString).DataSource);
        }
        catch (ArgumentException)
        {
            return "the configured database";
        }
    }

    /// <summary>
    /// Whether the failure is the database being unreachable or momentarily unable to answer (a 503, worth waiting
    /// for at start), rather than a bug or a bad request.
    /// </summary>
    public static bool IsUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case NpgsqlException { IsTransient: true }:
                case PostgresException { SqlState: "57P01" or "57P02" or "57P03" }: // shutting down, crashed, starting up
                case SocketException:
                case TimeoutException:
                case SqliteException { SqliteErrorCode: 5 or 6 or 14 }: // BUSY, LOCKED, CANTOPEN
                    return true;
                case DbException when e.InnerException is SocketException or TimeoutException:
                    return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Opens a new connection and runs <c>SELECT 1</c>, giving up after <paramref name="patience"/> whether or not the
    /// driver notices (a server that accepts connections and never answers): for readiness probes.
    /// </summary>
    public static async Task<bool> PingAsync(string connectionString, TimeSpan patience, CancellationToken ct = default)
    {
        async Task<bool> Ping(CancellationToken token)
        {
            await using DbConnection connection = ProviderOf(connectionString) == DatabaseProvider.Postgres
                ? new NpgsqlConnection(WithPostgresTimeouts(connectionString))
                : new SqliteConnection(connectionString);
            await connection.OpenAsync(token);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            command.CommandTimeout = Math.Max(1, (int)Math.Ceiling(patience.TotalSeconds));
            return await command.ExecuteScalarAsync(token) is not null;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(patience);
        try
        {
            return await Ping(timeout.Token).WaitAsync(patience, ct);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>
    /// Npgsql's retrying strategy without retries of timeouts: a stale pooled connection is retried at once (EF's
    /// first retry has no delay), a server that does not answer is not asked again.
    /// </summary>
    private sealed class TransientRetryStrategy(ExecutionStrategyDependencies dependencies)
        : NpgsqlRetryingExecutionStrategy(dependencies, maxRetryCount: 2, maxRetryDelay: TimeSpan.FromMilliseconds(250),
            errorCodesToAdd: ["57P01", "57P02"])
    {
        protected override bool ShouldRetryOn(Exception? exception)
        {
            for (var e = exception; e is not null; e = e.InnerException)
                if (e is TimeoutException || e is NpgsqlException { InnerException: TimeoutException }) return false;
            return base.ShouldRetryOn(exception);
        }
    }

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
        if (db.Database.IsNpgsql())
        {
            // Replicas and workers of a split deployment start at once, each migrating: without a lock two of them
            // apply the same migration ("column already exists"). A session advisory lock, held on this connection,
            // makes the others wait, then find nothing left to do (ADR 043).
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({MigrationLock})", ct);
                await db.Database.MigrateAsync(ct);
            }
            finally
            {
                // The connection goes back to the pool, its session alive: the lock is let go of by name. (A process
                // that dies holding it loses its session, and the lock with it.)
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({MigrationLock})", CancellationToken.None);
                await db.Database.CloseConnectionAsync();
            }
            return;
        }
        await db.Database.MigrateAsync(ct);
        if (db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
    }

    /// <summary>The advisory lock key that serialises migrations on PostgreSQL ("codex" in ASCII, then 1).</summary>
    private const long MigrationLock = 0x636f646578_01;
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
