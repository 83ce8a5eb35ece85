using System.Net;
using Codex.Contracts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Codex.ServiceDefaults;

/// <summary>
/// The settings every app reads (section <c>Codex</c>, the connection string and the workers' <c>PUBLIC_*_URL</c>),
/// bound once per app and checked at start by <see cref="CodexOptionsValidator"/>. Nothing else reads these keys.
/// </summary>
public sealed class CodexOptions
{
    public const string Section = "Codex";
    public const string DefaultPublicUrl = "http://localhost:5000";
    /// <summary>Loopback: the site in the same host or container.</summary>
    public static readonly string[] DefaultTrustedProxies = ["127.0.0.0/8", "::1/128"];
    /// <summary>
    /// Loopback only. A scraper on another machine is named explicitly (<c>Codex__MetricsNetworks__0</c>): behind a
    /// proxy that is not in <see cref="DefaultTrustedProxies"/>, every visitor seems to come from the proxy's private
    /// address, so allowing the private ranges by default would publish the metrics.
    /// </summary>
    public static readonly string[] DefaultMetricsNetworks = ["127.0.0.0/8", "::1/128"];

    /// <summary><c>Codex__Role</c>: <c>all</c>, <c>site</c>, or one worker's name.</summary>
    public string? Role { get; set; }
    /// <summary><c>Codex__PublicUrl</c>: the site's public address (links in mail, signed URLs, canonical links).</summary>
    public string? PublicUrl { get; set; }
    /// <summary><c>Codex__DataPath</c>: the SQLite file, local media, generated secrets, the dev mail folder.</summary>
    public string? DataPath { get; set; }
    /// <summary><c>Codex__InternalKey</c>: the shared key of internal routes; required when apps run as separate processes.</summary>
    public string? InternalKey { get; set; }
    /// <summary><c>Codex__TrustedProxies__N</c>: networks whose <c>X-Forwarded-For</c> is believed.</summary>
    public string[]? TrustedProxies { get; set; }
    /// <summary><c>Codex__MetricsNetworks__N</c>: client networks that may read <c>/metrics</c>.</summary>
    public string[]? MetricsNetworks { get; set; }
    /// <summary><c>Codex__SeedDemoData</c>: seed an empty database with the demo catalogue.</summary>
    public bool SeedDemoData { get; set; } = true;
    /// <summary><c>Codex__DatabaseWaitSeconds</c>: how long a starting worker waits for an unreachable database (0: not at all).</summary>
    public int DatabaseWaitSeconds { get; set; } = 60;
    /// <summary><c>Codex__DevMail</c>: serve <c>/dev/mail</c> outside Development (tests).</summary>
    public bool DevMail { get; set; }

    /// <summary><c>ConnectionStrings__Codex</c>; empty means the SQLite file in the data folder.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Each worker's <c>PUBLIC_*_URL</c> as configured (null: its development port).</summary>
    public Dictionary<Role, string?> WorkerUrls { get; } = [];

    /// <summary>Whether this process runs one app of a split deployment (not the all-in-one host).</summary>
    public bool IsSplit => !string.IsNullOrWhiteSpace(Role) && !Role.Equals("all", StringComparison.OrdinalIgnoreCase);

    /// <summary>The public base URL without a trailing slash.</summary>
    public string PublicBase => (string.IsNullOrWhiteSpace(PublicUrl) ? DefaultPublicUrl : PublicUrl.Trim()).TrimEnd('/');

    /// <summary>The data folder as a full path.</summary>
    public string DataFolder => Path.GetFullPath(string.IsNullOrWhiteSpace(DataPath) ? "data" : DataPath);

    /// <summary>The connection string to use: the configured one, or the SQLite file in the data folder.</summary>
    public string Database => string.IsNullOrWhiteSpace(ConnectionString)
        ? $"Data Source={Path.Combine(DataFolder, "codex.db")}"
        : ConnectionString;

    /// <summary>The networks of <see cref="TrustedProxies"/>.</summary>
    public IReadOnlyList<IPNetwork> ProxyNetworks => Networks(TrustedProxies, DefaultTrustedProxies);

    /// <summary>The networks of <see cref="MetricsNetworks"/>.</summary>
    public IReadOnlyList<IPNetwork> MetricsClientNetworks => Networks(MetricsNetworks, DefaultMetricsNetworks);

    /// <summary>An absolute URL for a path on the public site; absolute inputs pass through.</summary>
    public string PublicLink(string pathOrUrl) =>
        Uri.TryCreate(pathOrUrl, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https"
            ? pathOrUrl
            : PublicBase + (pathOrUrl.StartsWith('/') ? pathOrUrl : "/" + pathOrUrl);

    /// <summary>A worker's base address: its <c>PUBLIC_*_URL</c>, or the contract's development port.</summary>
    public Uri WorkerBase(Role role) => WorkerInfo.Of(role).BaseAddress(WorkerUrls.GetValueOrDefault(role));

    /// <summary>Reads every setting this class holds from <paramref name="config"/>.</summary>
    public void BindFrom(IConfiguration config)
    {
        config.GetSection(Section).Bind(this);
        ConnectionString = config.GetConnectionString("Codex");
        foreach (var worker in WorkerInfo.All)
            WorkerUrls[worker.Role] = config[worker.UrlVariable] is { Length: > 0 } url ? url : null;
    }

    /// <summary>Binds and validates in one step (the host, before any app is built): an invalid value throws.</summary>
    public static CodexOptions Load(IConfiguration config)
    {
        var options = new CodexOptions();
        options.BindFrom(config);
        var result = new CodexOptionsValidator().Validate(null, options);
        if (result.Failed) throw new OptionsValidationException(nameof(CodexOptions), typeof(CodexOptions), result.Failures);
        return options;
    }

    /// <summary>A CIDR (<c>10.0.0.0/8</c>) or a single address.</summary>
    public static bool TryParseNetwork(string text, out IPNetwork network)
    {
        var trimmed = text.Trim();
        if (IPNetwork.TryParse(trimmed, out network)) return true;
        if (IPAddress.TryParse(trimmed, out var address))
        {
            network = new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }
        return false;
    }

    private static IReadOnlyList<IPNetwork> Networks(string[]? configured, string[] fallback) =>
        [.. (configured is { Length: > 0 } ? configured : fallback)
            .Where(c => !string.IsNullOrWhiteSpace(c))
            .Select(c => TryParseNetwork(c, out var network) ? network : throw new FormatException($"Not a network: {c}"))];
}

/// <summary>Reading <see cref="CodexOptions"/> before dependency injection exists (registering a database).</summary>
public static class CodexOptionsConfigurationExtensions
{
    /// <summary>The settings as configured, not yet validated (each app validates them when it starts).</summary>
    public static CodexOptions GetCodexOptions(this IConfiguration config)
    {
        var options = new CodexOptions();
        options.BindFrom(config);
        return options;
    }
}

/// <summary>
/// Checks <see cref="CodexOptions"/> at start: each failure is one sentence naming the environment variable, what was
/// wrong and what would be right, so a bad deployment stops with a line an operator can act on.
/// </summary>
public sealed class CodexOptionsValidator : IValidateOptions<CodexOptions>
{
    public const int MinimumKeyLength = 32;

    public ValidateOptionsResult Validate(string? name, CodexOptions options)
    {
        var failures = new List<string>();
        if (options.Role is { Length: > 0 } role && !IsKnownRole(role))
            failures.Add($"Codex__Role is \"{role}\"; use all, site, or one of {string.Join(", ", WorkerInfo.All.Select(w => w.Name))}.");
        CheckUrl(failures, "Codex__PublicUrl", options.PublicUrl);
        foreach (var worker in WorkerInfo.All) CheckUrl(failures, worker.UrlVariable, options.WorkerUrls.GetValueOrDefault(worker.Role));
        CheckNetworks(failures, "Codex__TrustedProxies", options.TrustedProxies);
        CheckNetworks(failures, "Codex__MetricsNetworks", options.MetricsNetworks);
        if (options.IsSplit && string.IsNullOrWhiteSpace(options.InternalKey))
            failures.Add($"Codex__InternalKey is not set; with Codex__Role={options.Role} the apps run as separate processes and must share one key (32 or more random characters).");
        else if (options.InternalKey is { Length: > 0 and < MinimumKeyLength })
            failures.Add($"Codex__InternalKey is too short ({options.InternalKey.Length} characters); use {MinimumKeyLength} or more random characters.");
        if (options.DatabaseWaitSeconds is < 0 or > 3600)
            failures.Add($"Codex__DatabaseWaitSeconds is {options.DatabaseWaitSeconds}; use a number of seconds from 0 to 3600.");
        try
        {
            if (File.Exists(options.DataFolder))
                failures.Add($"Codex__DataPath \"{options.DataPath}\" is a file; it must be a folder (created when missing).");
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            failures.Add($"Codex__DataPath \"{options.DataPath}\" is not a usable folder path.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary><c>all</c>, <c>site</c>, or a worker's name.</summary>
    public static bool IsKnownRole(string role) =>
        role.Equals("all", StringComparison.OrdinalIgnoreCase) || role.Equals("site", StringComparison.OrdinalIgnoreCase)
        || WorkerInfo.All.Any(w => w.Name.Equals(role, StringComparison.OrdinalIgnoreCase));

    private static void CheckUrl(List<string> failures, string variable, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return;
        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
            failures.Add($"{variable} is \"{value}\"; it must be an absolute http:// or https:// address such as https://codex.example.com.");
    }

    private static void CheckNetworks(List<string> failures, string variable, string[]? values)
    {
        foreach (var value in values ?? [])
            if (!string.IsNullOrWhiteSpace(value) && !CodexOptions.TryParseNetwork(value, out _))
                failures.Add($"{variable} holds \"{value}\"; each entry must be an address or a network such as 10.0.0.0/8.");
    }
}
