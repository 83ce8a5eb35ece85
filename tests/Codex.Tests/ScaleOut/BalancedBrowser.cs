using System.Net;
using AngleSharp.Dom;
using Codex.Contracts;
using Codex.Tests.Infrastructure;
using Codex.Web.Infrastructure;

namespace Codex.Tests.ScaleOut;

/// <summary>
/// A browser without JavaScript behind a load balancer: one cookie jar for every site instance (they share a host, as
/// instances behind one balancer share its address), absolute URLs so that each request names the instance it goes
/// to, and one client address of its own, sent as the balancer would (<c>X-Forwarded-For</c>, trusted from loopback),
/// so that per-address limits of one test do not meet another's.
/// </summary>
public sealed class BalancedBrowser
{
    private static int _next = Random.Shared.Next(1 << 16);
    private readonly Dictionary<string, string> _cookies = new();
    private readonly HttpClient _http = new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false })
    {
        Timeout = TimeSpan.FromSeconds(60),
    };

    /// <summary>A fresh address in 198.18.0.0/15 (benchmarking, never routed), different for every browser of this run.</summary>
    public string ClientAddress { get; } = NewAddress();

    public static string NewAddress()
    {
        var n = Interlocked.Increment(ref _next) & 0x1ffff;
        return $"198.{18 + (n >> 16)}.{(n >> 8) & 0xff}.{n & 0xff}";
    }

    public string? Cookie(string name) => _cookies.GetValueOrDefault(name);

    /// <summary>The session cookie as a <c>Cookie</c> header value (for /events streams).</summary>
    public string SessionHeader => $"{Codex.Contracts.SessionCookie.Name}={Cookie(Codex.Contracts.SessionCookie.Name)}";

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        if (_cookies.Count > 0) request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
        request.Headers.Add("X-Forwarded-For", ClientAddress);
        var response = await _http.SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
            foreach (var header in setCookies)
            {
                var pair = header.Split(';')[0];
                var (name, value) = (pair[..pair.IndexOf('=')], pair[(pair.IndexOf('=') + 1)..]);
                if (value.Length == 0 || header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase)) _cookies.Remove(name);
                else _cookies[name] = value;
            }
        return response;
    }

    public Task<HttpResponseMessage> GetAsync(Uri site, string path) => SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(site, path)));

    public async Task<IDocument> PageAsync(Uri site, string path)
    {
        var response = await GetAsync(site, path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {site}{path.TrimStart('/')}: {(int)response.StatusCode}");
        return await response.ParseAsync();
    }

    /// <summary>Submits <paramref name="selector"/> of <paramref name="page"/> (hidden fields included) to <paramref name="site"/>.</summary>
    public Task<HttpResponseMessage> SubmitAsync(Uri site, IDocument page, string selector, Dictionary<string, string> fields)
    {
        var request = SiteBrowser.FormRequest(page, selector, fields);
        request.RequestUri = new Uri(site, request.RequestUri!.ToString());
        return SendAsync(request);
    }

    /// <summary>Posts <paramref name="values"/> (every field, as a browser sends them) to the form's action on <paramref name="site"/>.</summary>
    public Task<HttpResponseMessage> PostAsync(Uri site, string action, Dictionary<string, string> values) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri(site, action)) { Content = new FormUrlEncodedContent(values) });

    /// <summary>Signs in through the form <paramref name="formFrom"/> rendered, posted to <paramref name="postTo"/>.</summary>
    public async Task<HttpResponseMessage> SignInAsync(Uri formFrom, Uri postTo, string email, string password)
    {
        var page = await PageAsync(formFrom, "/login");
        return await SubmitAsync(postTo, page, $"#{DomIds.LoginForm}", new() { ["Email"] = email, ["Password"] = password });
    }
}
