using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Codex.Contracts;
using Codex.Host;
using Codex.Tests.Infrastructure;

namespace Codex.Tests.Host;

/// <summary>
/// Issue 10, line 13: the host stops the site before the workers on SIGTERM, and waits for a database that is not
/// there yet at start (saying what it waits for) instead of exiting at once. Run as an operator runs it: a process.
/// </summary>
public sealed class LifecycleTests
{
    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>A host process with this class's defaults: a fresh data folder, SQLite, no demo data, Information logs.</summary>
    private static HostProcess StartHost(Dictionary<string, string> environment)
    {
        var settings = new Dictionary<string, string>
        {
            ["Codex__DataPath"] = Path.Combine(Path.GetTempPath(), "codex-tests", "lifecycle-" + Guid.NewGuid().ToString("N")),
            ["ConnectionStrings__Codex"] = "",
            ["Codex__SeedDemoData"] = "false",
            ["Serilog__MinimumLevel__Default"] = "Information",
        };
        foreach (var (key, value) in environment) settings[key] = value;
        return new HostProcess(settings);
    }

    private static async Task SignalAsync(int pid, string signal)
    {
        using var kill = Process.Start("kill", $"-{signal} {pid}")!;
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    private static async Task<bool> ReadyAsync(HostProcess host, int sitePort)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        for (var clock = Stopwatch.StartNew(); clock.Elapsed < TimeSpan.FromSeconds(60);)
        {
            if (host.HasExited) return false;
            try
            {
                if ((await http.GetAsync($"http://127.0.0.1:{sitePort}/health/ready")).IsSuccessStatusCode) return true;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
        return false;
    }

    [Fact]
    public async Task Host_OnSigterm_StopsTheSiteBeforeAnyWorker_AndExitsCleanly()
    {
        // A port found free can be taken by another test's connection before the host binds it: then start again on
        // new ports (the failure is the test's, not the host's, which says so in one line and exits).
        HostProcess? host = null;
        for (var attempt = 1; host is null; attempt++)
        {
            var sitePort = FreePort();
            var environment = new Dictionary<string, string>
            {
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{sitePort}",
                ["Codex__PublicUrl"] = $"http://127.0.0.1:{sitePort}",
            };
            foreach (var worker in WorkerInfo.All) environment[worker.UrlVariable] = $"http://127.0.0.1:{FreePort()}";
            var candidate = StartHost(environment);
            if (await ReadyAsync(candidate, sitePort)) { host = candidate; break; }
            var output = candidate.Output;
            await candidate.DisposeAsync();
            Assert.True(attempt < 3 && output.Contains("address already in use", StringComparison.Ordinal),
                "The site never became ready:\n" + output);
        }
        await using var running = host!;

        await SignalAsync(running.Id, "TERM");
        var exit = await running.ExitCodeAsync(TimeSpan.FromSeconds(60));

        var lines = running.Output.Split('\n');
        int IndexOf(string text) => Array.FindIndex(lines, l => l.Contains(text, StringComparison.Ordinal));
        Assert.Equal(0, exit);
        var siteStopped = IndexOf("Stopped site in");
        Assert.True(siteStopped >= 0, running.Output);
        foreach (var worker in WorkerInfo.All)
        {
            var stopping = IndexOf($"Stopping {worker.Name}");
            Assert.True(stopping > siteStopped, $"{worker.Name} began to stop before the site had stopped:\n{running.Output}");
            Assert.True(IndexOf($"Stopped {worker.Name} in") > stopping, running.Output);
        }
    }

    [Fact]
    public async Task Host_WhenTheDatabaseNeverAnswers_WaitsSayingWhatFor_ThenStopsWithOneClearLine()
    {
        var clock = Stopwatch.StartNew();
        await using var host = StartHost(new()
        {
            ["Codex__Role"] = "identity-api",
            ["Codex__InternalKey"] = new string('k', 40),
            ["ConnectionStrings__Codex"] = "Host=127.0.0.1;Port=1;Username=codex;Password=secret-pw;Database=codex",
            ["Codex__DatabaseWaitSeconds"] = "3",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreePort()}",
        });

        var exit = await host.ExitCodeAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(3, exit);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(40));
        var output = host.Output;
        Assert.Contains("Waiting for the database (PostgreSQL 127.0.0.1:1/codex)", output);
        Assert.Contains("Codex cannot start: the database (PostgreSQL 127.0.0.1:1/codex) did not answer within 3 s (Codex__DatabaseWaitSeconds)", output);
        Assert.DoesNotContain("secret-pw", output);
        Assert.DoesNotContain("   at ", output);
    }

    [Fact]
    public async Task System_WhenTheDatabaseAppearsAfterAWhile_WaitsForIt_AndStarts()
    {
        TestLogging.EnsureConfigured();
        var folder = Path.Combine(Path.GetTempPath(), "codex-tests", "late-db-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "codex.db");
        var clock = Stopwatch.StartNew();
        // Mode=ReadWrite: the file must exist (as a database server must be up); it appears a second and a half later.
        var appears = Task.Delay(1500).ContinueWith(_ => File.WriteAllBytes(file, []), TaskScheduler.Default);

        await using var system = await CodexSystem.StartAsync(new SystemOptions
        {
            Roles = [Role.IdentityApi],
            DynamicPorts = true,
            EnvironmentName = "Testing",
            Settings = new Dictionary<string, string?>
            {
                ["ConnectionStrings:Codex"] = $"Data Source={file};Mode=ReadWrite",
                ["Codex:DataPath"] = folder,
                ["Codex:SeedDemoData"] = "false",
            },
        });
        await appears;

        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.5), $"started after {clock.Elapsed}, before the database existed");
        using var http = new HttpClient { BaseAddress = system.Urls[Role.IdentityApi] };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task System_WhenTheDatabaseStaysAway_GivesUpAfterTheConfiguredWait()
    {
        TestLogging.EnsureConfigured();
        var folder = Path.Combine(Path.GetTempPath(), "codex-tests", "no-db-" + Guid.NewGuid().ToString("N"));
        var clock = Stopwatch.StartNew();

        var failure = await Assert.ThrowsAsync<DatabaseUnreachableException>(() => CodexSystem.StartAsync(new SystemOptions
        {
            Roles = [Role.IdentityApi],
            DynamicPorts = true,
            EnvironmentName = "Testing",
            Settings = new Dictionary<string, string?>
            {
                ["ConnectionStrings:Codex"] = $"Data Source={Path.Combine(folder, "codex.db")};Mode=ReadWrite",
                ["Codex:DataPath"] = folder,
                ["Codex:DatabaseWaitSeconds"] = "2",
            },
        }));

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(20));
        Assert.Contains("did not answer within 2 s", failure.Message);
        Assert.Contains(Path.Combine(folder, "codex.db"), failure.Message);
    }
}
