
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace Codex.Tests.Infrastructure;

/// <summary>
/// A browser without JavaScript, for AngleSharp tests: keeps cookies, follows nothing by itself, and submits
/// forms as a browser would (their action and method, hidden fields such as the antiforgery token included).
/// </summary>
public sealed class SiteBrowser(Uri site)
{
    private readonly CookieJar _jar = new();
    private HttpClient? _http;

    private HttpClient Http => _http ??= new HttpClient(new CookieJarHandler(_jar) { InnerHandler = new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false } })
    {
        BaseAddress = site,
    };

    public Task<HttpResponseMessage> GetAsync(string url) => Http.GetAsync(url);

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => Http.SendAsync(request);

    public async Task<IDocument> PageAsync(string url)
    {
        var response = await Http.GetAsync(url);
        Assert.True(response.IsSuccessStatusCode, $"GET {url}: {(int)response.StatusCode}");
        return await response.ParseAsync();
    }

    /// <summary>Fills and submits the form <paramref name="selector"/> of <paramref name="page"/>.</summary>
    public Task<HttpResponseMessage> SubmitAsync(IDocument page, string selector, Dictionary<string, string> fields, bool htmx = false) =>
        Http.SendAsync(FormRequest(page, selector, fields, htmx));

    public static HttpRequestMessage FormRequest(IDocument page, string selector, Dictionary<string, string> fields, bool htmx = false)
    {
        var form = page.QuerySelector(selector) as IHtmlFormElement ?? throw new InvalidOperationException($"no form {selector}");
        var values = form.QuerySelectorAll("input[name]").OfType<IHtmlInputElement>()
            .Where(i => i.Type is not ("submit" or "button"))
            .ToDictionary(i => i.Name!, i => i.Value);
        foreach (var (name, value) in fields) values[name] = value;
        var request = new HttpRequestMessage(new HttpMethod(form.Method.ToUpperInvariant()), form.GetAttribute("action"))
        {
            Content = new FormUrlEncodedContent(values),
        };
        if (htmx) request.Headers.Add("HX-Request", "true");
        return request;
    }

    /// <summary>Follows one redirect (as a GET) and parses the page.</summary>
    public async Task<IDocument> FollowAsync(HttpResponseMessage redirect)
    {
        Assert.True((int)redirect.StatusCode is 302 or 303, $"expected a redirect, got {(int)redirect.StatusCode}");
        return await PageAsync(redirect.Headers.Location!.ToString());
    }

    /// <summary>Sets a cookie as if the site had (e.g. a session made directly in the database).</summary>
    public void SetCookie(string name, string value) => _jar.Store([$"{name}={value}; path=/"]);

    /// <summary>A cookie's value, or null once it is gone.</summary>
    public string? CookieValue(string name) => _jar.Value(name);

    /// <summary>The last Set-Cookie header the site sent for <paramref name="name"/> (attributes included).</summary>
    public string? LastSetCookie(string name) => _jar.LastHeader(name);

    /// <summary>
    /// Cookies as a browser on localhost keeps them: <c>Secure</c> cookies are sent over http://127.0.0.1, which
    /// browsers treat as a secure context and .NET's CookieContainer does not.
    /// </summary>
    private sealed class CookieJar
    {
        private readonly Dictionary<string, string> _values = new();
        private readonly Dictionary<string, string> _headers = new();

        public void Store(IEnumerable<string> setCookies)
        {
            foreach (var header in setCookies)
            {
                var pair = header.Split(';')[0];
                var name = pair[..pair.IndexOf('=')];
                var value = pair[(pair.IndexOf('=') + 1)..];
                _headers[name] = header;
                var expired = header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase) || value.Length == 0;
                if (expired) _values.Remove(name); else _values[name] = value;
            }
        }

        public string? Value(string name) => _values.GetValueOrDefault(name);
        public string? LastHeader(string name) => _headers.GetValueOrDefault(name);
        public string Header => string.Join("; ", _values.Select(c => $"{c.Key}={c.Value}"));
        public bool Any => _values.Count > 0;
    }

    private sealed class CookieJarHandler(CookieJar jar) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            if (jar.Any) request.Headers.Add("Cookie", jar.Header);
            var response = await base.SendAsync(request, ct);
            if (response.Headers.TryGetValues("Set-Cookie", out var setCookies)) jar.Store(setCookies);
            return response;
        }
    }
}
