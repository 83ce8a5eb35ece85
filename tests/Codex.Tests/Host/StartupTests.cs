using System.Diagnostics;
using Codex.Contracts;
using Codex.Host;
using Codex.Tests.Infrastructure;
using Codex.Workers.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Codex.Tests.Host;

/// <summary>
/// A bad setting stops start-up with one sentence that names the variable and says what would be right: the real
/// host as an operator runs it (a process), the host in-process, and an app built alone.
/// </summary>
public sealed class StartupTests
{
    private static async Task<(int ExitCode, string Output)> RunHostAsync(Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet", Path.Combine(AppContext.BaseDirectory, "Codex.Host.dll"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["Codex__DataPath"] = Path.Combine(Path.GetTempPath(), "codex-tests", "startup-" + Guid.NewGuid().ToString("N"));
        start.Environment["ConnectionStrings__Codex"] = "";
        foreach (var (key, value) in environment) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The host did not stop on a bad setting: " + await output);
        }
        return (process.ExitCode, (await output) + await errors);
    }

    private static string[] Lines(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [Fact]
    public async Task Host_WithABadPublicUrl_StopsWithOneClearLine()
    {
        var (exit, output) = await RunHostAsync(new() { ["Codex__PublicUrl"] = "codex.example.com" });

        Assert.Equal(2, exit);
        var line = Assert.Single(Lines(output));
        Assert.Contains("Codex cannot start", line);
        Assert.Contains("Codex__PublicUrl is \"codex.example.com\"; it must be an absolute http:// or https:// address", line);
        Assert.DoesNotContain("   at ", output);
    }

    [Fact]
    public async Task Host_InASplitRoleWithoutAnInternalKey_StopsWithOneClearLine()
    {
        var (exit, output) = await RunHostAsync(new() { ["Codex__Role"] = "auth", ["Codex__InternalKey"] = "" });

        Assert.Equal(2, exit);
        var line = Assert.Single(Lines(output));
        Assert.Contains("Codex__InternalKey is not set; with Codex__Role=auth the apps run as separate processes", line);
    }

    [Fact]
    public async Task Host_WithAnUnknownRole_StopsWithOneClearLine()
    {
        var (exit, output) = await RunHostAsync(new() { ["Codex__Role"] = "everything" });

        Assert.Equal(2, exit);
        Assert.Contains("Codex__Role is \"everything\"; use all, site, or one of auth, content-api", Assert.Single(Lines(output)));
    }

    [Theory]
    [InlineData("Codex:PublicUrl", "ftp://site.example", "Codex__PublicUrl")]
    [InlineData("Codex:TrustedProxies:0", "not-a-network", "Codex__TrustedProxies")]
    [InlineData("PUBLIC_AUTH_URL", "/relative", "PUBLIC_AUTH_URL")]
    public async Task System_WithABadSetting_RefusesToStart_BeforeTouchingTheDatabase(string key, string value, string named)
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => CodexSystem.StartAsync(new SystemOptions
        {
            Roles = [Role.IdentityApi],
            DynamicPorts = true,
            EnvironmentName = "Testing",
            Settings = new Dictionary<string, string?> { [key] = value, ["ConnectionStrings:Codex"] = TestDatabase.Unreachable(Path.GetTempPath()) },
        }));

        Assert.Contains(failure.Failures, f => f.StartsWith(named, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AWorkerBuiltAlone_ChecksItsSettingsWhenItStarts()
    {
        TestLogging.EnsureConfigured();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var app = WorkerApp.Create(Role.IdentityApi,
                new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = AppContext.BaseDirectory },
                builder =>
                {
                    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                    {
                        ["Codex:PublicUrl"] = "nonsense", ["Codex:DataPath"] = Path.GetTempPath(),
                    });
                    builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, "http://127.0.0.1:0");
                });
            await app.StartAsync();
        });

        Assert.Contains(failure.Failures, f => f.StartsWith("Codex__PublicUrl", StringComparison.Ordinal));
    }
}
