using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Codex.Workers.Pipeline;

/// <summary>Where a worker reaches itself over HTTP (a transcoder's callback, the test checkout's webhook).</summary>
public static class SelfAddress
{
    /// <summary>
    /// The worker's <c>PUBLIC_*_URL</c> when set, else the address it really listens on (free ports in tests), else the
    /// contract's development port.
    /// </summary>
    public static Uri Of(Role role, CodexOptions codex, IServer server)
    {
        if (codex.WorkerUrls.GetValueOrDefault(role) is { Length: > 0 } configured) return new Uri(configured);
        var listening = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (listening is not null)
            return new UriBuilder(listening.Replace("://+", "://localhost").Replace("://*", "://localhost")
                .Replace("://0.0.0.0", "://127.0.0.1").Replace("://[::]", "://[::1]")).Uri;
        return new Uri(WorkerInfo.Of(role).DefaultUrl);
    }
}
