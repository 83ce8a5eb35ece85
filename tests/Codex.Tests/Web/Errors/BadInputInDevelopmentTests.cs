using System.Net;
using Codex.Contracts;
using Codex.Host;
using Codex.Tests.Infrastructure;
using Codex.Web.Infrastructure;

namespace Codex.Tests.Web.Errors;

/// <summary>
/// The same answers in Development, where the site has no exception handler page (the developer page shows any
/// exception instead): oversized input is a 413 there too, never a 500.
/// </summary>
public sealed class BadInputInDevelopmentTests : IAsyncLifetime
{
    private CodexSystem _system = null!;

    public async Task InitializeAsync()
    {
        TestLogging.EnsureConfigured();
        _system = await CodexSystem.StartAsync(new SystemOptions
        {
            Roles = [Role.Site],
            DynamicPorts = true,
            EnvironmentName = "Development",
            Settings = new Dictionary<string, string?>
            {
                ["Codex:DataPath"] = Path.Combine(Path.GetTempPath(), "codex-tests", "dev-" + Guid.NewGuid().ToString("N")),
            },
        });
    }

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task Post_Form_WithAFieldOver4MiB_Is413_InDevelopment()
    {
        var browser = new SiteBrowser(_system.SiteUrl);
        var request = SiteBrowser.FormRequest(await browser.PageAsync("/login"), $"#{DomIds.LoginForm}",
            new() { ["Email"] = new string('a', 4 * 1024 * 1024 + 1) });

        var response = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("413", (await response.ParseAsync()).QuerySelector(".error-code")?.TextContent);
    }

    [Fact]
    public async Task Post_Progress_OverTheServersBodyLimit_Is413_InDevelopment()
    {
        var answer = await RawHttp.PostOversizedAsync(_system.SiteUrl, $"/progress/{Guid.NewGuid()}", "application/json",
            claimedLength: 40L * 1024 * 1024, bodyStart: "{\"positionSeconds\":");

        Assert.Equal(413, answer.Status);
    }
}
