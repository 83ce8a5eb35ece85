using Microsoft.Playwright;

namespace Codex.Tests.Browser;

/// <summary>
/// Debian's Chromium driven by Playwright. Never downloads a browser: it launches the system's <c>chromium</c>
/// (or <c>CODEX_CHROMIUM</c>), which scripts/test installs.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var executable = Environment.GetEnvironmentVariable("CODEX_CHROMIUM") ?? FindOnPath("chromium")
            ?? throw new InvalidOperationException("Browser tests need Debian's chromium (apt-get install chromium); scripts/test installs it.");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"],
        });
    }

    /// <summary>A fresh context (cookies, storage) with JavaScript on or off.</summary>
    public async Task<IPage> NewPageAsync(bool javaScript = true)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = javaScript });
        // Generous: on a loaded 2-core CI machine a click's navigation has taken longer than 15 s (a failing wait
        // costs time only when it fails).
        context.SetDefaultTimeout(45_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
