using Codex.Data;
using Npgsql;

namespace Codex.Tests.Infrastructure;

/// <summary>
/// A fresh, empty database for one fixture, on the provider the run is for: <c>CODEX_TEST_DB=sqlite</c> (default, a
/// temporary file) or <c>postgres</c> (a new database on the server named by <c>CODEX_TEST_POSTGRES</c>, dropped after).
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _postgresAdmin;
    private readonly string? _postgresName;
    private readonly string? _sqliteFolder;

    private TestDatabase(string connectionString, string? postgresAdmin, string? postgresName, string? sqliteFolder)
    {
        ConnectionString = connectionString;
        _postgresAdmin = postgresAdmin;
        _postgresName = postgresName;
        _sqliteFolder = sqliteFolder;
    }

    public string ConnectionString { get; }

    /// <summary>The provider under test this run.</summary>
    public static DatabaseProvider Provider =>
        string.Equals(Environment.GetEnvironmentVariable("CODEX_TEST_DB"), "postgres", StringComparison.OrdinalIgnoreCase)
            ? DatabaseProvider.Postgres
            : DatabaseProvider.Sqlite;

    /// <summary>A connection string that points at a database server that is not there.</summary>
    public static string Unreachable(string dataFolder) => Provider == DatabaseProvider.Postgres
        ? "Host=127.0.0.1;Port=1;Username=codex;Password=codex;Database=codex;Timeout=2"
        : $"Data Source={Path.Combine(dataFolder, "missing-folder", "nested", "codex.db")};Mode=ReadWrite";

    public static async Task<TestDatabase> CreateAsync()
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            var folder = Path.Combine(Path.GetTempPath(), "codex-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            return new TestDatabase($"Data Source={Path.Combine(folder, "codex.db")}", null, null, folder);
        }

        var admin = Environment.GetEnvironmentVariable("CODEX_TEST_POSTGRES")
            ?? throw new InvalidOperationException("CODEX_TEST_DB=postgres needs CODEX_TEST_POSTGRES (a connection string to a server); scripts/test sets both.");
        var name = "codex_test_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        return new TestDatabase(builder.ConnectionString, admin, name, null);
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgresName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_postgresAdmin);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_postgresName} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
        if (_sqliteFolder is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(_sqliteFolder, recursive: true); } catch (IOException) { }
        }
    }
}
