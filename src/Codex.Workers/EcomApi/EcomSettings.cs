using Codex.Workers.Pipeline;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Codex.Workers.EcomApi;

/// <summary>
/// The Ecom worker's settings: <c>Stripe:SecretKey</c> (Stripe mode when set), <c>Stripe:WebhookSecret</c>,
/// <c>Ecom:AllowedRedirectHosts</c> and the public URL that test-checkout links are built on.
/// </summary>
public sealed class EcomSettings
{
    public const string Currency = "usd";
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(24);
    /// <summary>Stripe's default tolerance for a signature's timestamp, in seconds.</summary>
    public const long SignatureToleranceSeconds = 300;

    public EcomSettings(IConfiguration config, CodexOptions codex)
    {
        PublicUrl = codex.PublicBase;
        StripeSecretKey = config["Stripe:SecretKey"] is { Length: > 0 } key ? key : null;
        StripeApiBase = config["Stripe:ApiBase"] is { Length: > 0 } apiBase ? apiBase : null;
        var hosts = config.GetSection("Ecom:AllowedRedirectHosts").Get<string[]>();
        AllowedRedirectHosts = (hosts is { Length: > 0 } ? hosts : Uri.TryCreate(PublicUrl, UriKind.Absolute, out var site) ? [site.Host] : [])
            .Select(h => h.Trim().ToLowerInvariant()).Where(h => h.Length > 0).ToHashSet(StringComparer.Ordinal);
        WebhookSecret = SharedSecrets.StripeWebhookSecret.Resolve(config[SharedSecrets.StripeWebhookSecret.Key], codex);
        ConfiguredSelfUrl = codex.WorkerUrls.GetValueOrDefault(Role.EcomApi);
    }

    /// <summary>The site's public base URL, without a trailing slash.</summary>
    public string PublicUrl { get; }
    /// <summary>Null in the offline test mode.</summary>
    public string? StripeSecretKey { get; }
    /// <summary>Another Stripe API base (stripe-mock, a test double); null for Stripe's own.</summary>
    public string? StripeApiBase { get; }
    public bool StripeMode => StripeSecretKey is not null;
    public IReadOnlySet<string> AllowedRedirectHosts { get; }
    /// <summary>The secret webhooks are signed with: configured, or (all-in-one host only) generated once into the data folder.</summary>
    public string WebhookSecret { get; }
    private string? ConfiguredSelfUrl { get; }

    /// <summary>Whether a success or cancel URL points at a host we send buyers back to.</summary>
    public bool IsAllowedRedirect(string url) =>
        Uri.TryCreate(url.Replace("{CHECKOUT_SESSION_ID}", "x", StringComparison.Ordinal), UriKind.Absolute, out var uri)
        && AllowedRedirectHosts.Contains(uri.Host.ToLowerInvariant());

    /// <summary>
    /// Where this worker reaches itself (the test checkout delivers its webhook here): <c>PUBLIC_ECOM_API_URL</c> when
    /// set, else the address it really listens on (free ports in tests), else the contract's dev port.
    /// </summary>
    public Uri SelfUrl(IServer server)
    {
        if (ConfiguredSelfUrl is not null) return new Uri(ConfiguredSelfUrl);
        var listening = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (listening is not null)
        {
            var uri = new UriBuilder(listening.Replace("://+", "://localhost").Replace("://*", "://localhost")
                .Replace("://0.0.0.0", "://127.0.0.1").Replace("://[::]", "://[::1]"));
            return uri.Uri;
        }
        return new Uri(WorkerInfo.Of(Role.EcomApi).DefaultUrl);
    }
}
