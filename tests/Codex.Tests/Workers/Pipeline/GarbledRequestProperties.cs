using System.Net;
using System.Text;
using System.Text.Json;
using Codex.Contracts;
using Codex.Data;
using Codex.Tests.Infrastructure;
using FsCheck;
using TestData = Codex.Tests.Infrastructure.TestData;
using FsCheck.Fluent;

namespace Codex.Tests.Workers.Pipeline;

/// <summary>
/// Issue 10, line 5: no input reaches a 5xx. Property-based (FsCheck) over the contract's request shapes: bodies
/// made of the right fields with values of any type (wrong types, huge and non-finite numbers, strings where UUIDs go,
/// unknown enum values), then maybe truncated, garbled or replaced by bytes that are not UTF-8, sent with one of
/// several content types; query values of any kind; arbitrary session cookies. Every answer is below 500 and every
/// 4xx carries the contract's error envelope. Runs against every worker of the all-in-one system.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class GarbledRequestProperties(SiteFixture fixture)
{
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(150);
    private readonly TestData _data = new(fixture);

    /// <summary>A worker route and the fields of its body as the contract names them.</summary>
    public sealed record Shape(Role Worker, string Method, string Path, string[] Fields);

    /// <summary>One generated request: the shape, its body bytes, content type, and whether it carries a session.</summary>
    public sealed record Garbled(Shape Shape, byte[] Body, string ContentType, bool SignedIn)
    {
        public override string ToString() =>
            $"{Shape.Method} {Shape.Path} [{ContentType}] signedIn={SignedIn}: {Encoding.UTF8.GetString(Body[..Math.Min(Body.Length, 300)])}";
    }

    private static readonly Gen<string> JsonValue = Gen.OneOf(
        Gen.Elements("null", "true", "false", "\"\"", "0", "-1", "0.5", "-0", "1e400", "-1e400", "1e-400", "99999999999999999999999999",
            "2147483648", "-9223372036854775809", "\"NaN\"", "\"Infinity\"", "\"not-a-uuid\"", "\"00000000-0000-0000-0000-000000000000\"",
            "\"{00000000-0000-0000-0000-000000000000}\"", "\"a@b.c\"", "\"A@B.C \"", "\"http://[::1\"", "\"javascript:alert(1)\"",
            "\"https://evil.example/x\"", "\"\\ud800\"", "\"\\u0000\"", "\"owner\"", "\"superuser\"", "\"Admin\"", "\"#zzz\"", "{}", "[]",
            "[1,\"a\",null]", "{\"a\":{\"b\":[]}}", "\"2026-13-45T99:00:00Z\""),
        ArbMap.Default.GeneratorFor<int>().Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ArbMap.Default.GeneratorFor<double>().Select(d => double.IsFinite(d) ? d.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : "1e999"),
        ArbMap.Default.GeneratorFor<string>().Select(s => JsonSerializer.Serialize(s ?? "")),
        Gen.Choose(0, 3000).Select(n => "\"" + new string('x', n) + "\""));

    private static Gen<byte[]> Body(string[] fields) =>
        from chosen in Gen.SubListOf(fields.Append("unknownField").ToArray())
        from values in Gen.ArrayOf(JsonValue, chosen.Count)
        let json = "{" + string.Join(",", chosen.Select((f, i) => $"\"{f}\":{values[i]}")) + "}"
        from damage in Gen.Frequency(
            (6, Gen.Constant<Func<byte[], byte[]>>(b => b)),
            (1, Gen.Choose(0, 200).Select<int, Func<byte[], byte[]>>(n => b => b[..Math.Min(n, b.Length)])),
            (1, ArbMap.Default.GeneratorFor<byte[]>().Select<byte[], Func<byte[], byte[]>>(junk => b => [.. b[..(b.Length / 2)], .. junk ?? [], .. b[(b.Length / 2)..]])),
            (1, ArbMap.Default.GeneratorFor<byte[]>().Select<byte[], Func<byte[], byte[]>>(junk => _ => junk ?? [])),
            (1, Gen.Elements<Func<byte[], byte[]>>(_ => [], _ => [0xff, 0xfe, 0x7b, 0x7d], _ => "{\"a\":\"\xc3\x28\"}"u8.ToArray(),
                _ => Encoding.UTF8.GetBytes(new string('[', 300) + new string(']', 300)), _ => "null"u8.ToArray(), _ => "[]"u8.ToArray())))
        select damage(Encoding.UTF8.GetBytes(json));

    private static readonly Gen<string> ContentType = Gen.Frequency(
        (8, Gen.Constant("application/json")),
        (1, Gen.Elements("application/json; charset=utf-8", "application/json; charset=latin1", "text/plain", "application/x-www-form-urlencoded",
            "multipart/form-data", "multipart/form-data; boundary=x", "application/merge-patch+json", "garbage///", "")));


    private async Task<(Guid ItemId, Guid OrgId, string Cookie)> ArrangeAsync()
    {
        var user = await _data.UserAsync();
        var org = await _data.OrganizationAsync();
        await _data.MembershipAsync(org, user, MemberRole.Owner);
        var item = await _data.ContentAsync(org, user, "Garbled target", access: AccessType.Paid);
        return (item.Id, org.Id, await _data.SessionCookieAsync(user));
    }

    private static async Task AssertNoServerErrorAsync(HttpResponseMessage response, string what)
    {
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status < 500, $"{what} answered {status}: {text[..Math.Min(text.Length, 500)]}");
        if (status < 400) return;
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/json", $"{what} answered {status} without the envelope: \"{text[..Math.Min(text.Length, 200)]}\"");
        using var document = JsonDocument.Parse(text);
        Assert.Equal(JsonValueKind.String, document.RootElement.GetProperty("error").GetProperty("code").ValueKind);
    }

    /// <summary>
    /// U+0000 in text: PostgreSQL refuses to store it (SQLite does not), so it was a 500 there, found by the body
    /// property on CI's PostgreSQL pass (PATCH /api/organizations/:id with it in the name). Now a 400 on the field,
    /// in bodies (every string the contract reads, lists and partial updates included) and in queries, on both.
    /// </summary>
    [Fact]
    public async Task TheNulCharacter_InABodyOrAQuery_IsA400OnItsField_OnBothDatabases()
    {
        var (itemId, orgId, cookie) = await ArrangeAsync();
        async Task<HttpResponseMessage> SendAsync(Role worker, HttpMethod method, string path, string? json = null)
        {
            var request = new HttpRequestMessage(method, path);
            if (json is not null) request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
            request.Headers.Add("Cookie", cookie);
            return await fixture.Client(worker).SendAsync(request);
        }

        var organization = await SendAsync(Role.OrganizationApi, HttpMethod.Patch, $"/api/organizations/{orgId}", """{"name":"A\u0000B"}""");
        var content = await SendAsync(Role.ContentApi, HttpMethod.Patch, $"/api/content/{itemId}", """{"tags":["ok","bad\u0000"]}""");
        var search = await SendAsync(Role.ContentApi, HttpMethod.Get, "/api/content?search=ab%00cd");
        var verify = await SendAsync(Role.EcomApi, HttpMethod.Get, "/checkout/verify?session_id=cs_%00x"); // read without QueryReader

        Assert.Equal(HttpStatusCode.BadRequest, organization.StatusCode);
        Assert.Equal(["name"], await organization.FieldErrorsAsync());
        Assert.Equal(HttpStatusCode.BadRequest, content.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, search.StatusCode);
        Assert.Equal(["search"], await search.FieldErrorsAsync());
        Assert.Equal(["session_id"], await verify.FieldErrorsAsync());
        await using var db = fixture.Db();
        Assert.Equal("Garbled target", (await db.Content.FindAsync(itemId))!.Title);
    }

    /// <summary>
    /// An account whose stored hash is not a hash (never set, written by hand): a wrong password, not the hasher's
    /// FormatException as a 500 (found by the auth body property on CI's PostgreSQL pass).
    /// </summary>
    [Fact]
    public async Task AnAccountWithoutAUsableHash_RefusesItsPassword_NeverA500()
    {
        var user = await _data.UserAsync(); // PasswordHash "not-a-real-hash"
        var change = new HttpRequestMessage(HttpMethod.Post, "/api/auth/email/change-password")
        {
            Content = new StringContent("""{"currentPassword":"guess-1234","newPassword":"another-guess-5678"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        change.Headers.Add("Cookie", await _data.SessionCookieAsync(user));
        var login = new StringContent($$"""{"email":"{{user.Email}}","password":"guess-1234"}""", System.Text.Encoding.UTF8, "application/json");

        var changed = await fixture.Client(Role.Auth).SendAsync(change);
        var signedIn = await fixture.Client(Role.Auth).PostAsync("/api/auth/email/login", login);

        Assert.Equal(["currentPassword"], await changed.FieldErrorsAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, signedIn.StatusCode);
        Assert.Equal(ErrorCodes.InvalidCredentials, (await signedIn.ErrorAsync()).Code);
    }

    private void Check(Gen<Garbled> requests, string cookie)
    {
        Prop.ForAll(requests.ToArbitrary(), garbled =>
        {
            var request = new HttpRequestMessage(new HttpMethod(garbled.Shape.Method), garbled.Shape.Path) { Content = new ByteArrayContent(garbled.Body) };
            if (garbled.ContentType.Length > 0) request.Content.Headers.TryAddWithoutValidation("Content-Type", garbled.ContentType);
            if (garbled.SignedIn) request.Headers.Add("Cookie", cookie);
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
            var response = fixture.Client(garbled.Shape.Worker).SendAsync(request).GetAwaiter().GetResult();
            AssertNoServerErrorAsync(response, garbled.ToString()).GetAwaiter().GetResult();
        }).Check(Runs);
    }

    private static Gen<Garbled> Over(params Shape[] shapes) =>
        from shape in Gen.Elements(shapes)
        from body in Body(shape.Fields)
        from type in ContentType
        from signedIn in Gen.Frequency((3, Gen.Constant(true)), (1, Gen.Constant(false)))
        select new Garbled(shape, body, type, signedIn);

    [Fact]
    public async Task AuthBodies_NeverA5xx()
    {
        var (_, _, cookie) = await ArrangeAsync();
        Check(Over(
            new(Role.Auth, "POST", "/api/auth/email/register", ["name", "email", "password"]),
            new(Role.Auth, "POST", "/api/auth/email/login", ["email", "password"]),
            new(Role.Auth, "POST", "/api/auth/verify-email", ["email"]),
            new(Role.Auth, "POST", "/api/auth/email/send-reset-password-email", ["email"]),
            new(Role.Auth, "POST", "/api/auth/email/reset-password", ["token", "newPassword"]),
            new(Role.Auth, "PATCH", "/api/auth/me", ["name"]),
            new(Role.Auth, "POST", "/api/auth/email/change-password", ["currentPassword", "newPassword"])), cookie);
    }

    [Fact]
    public async Task ProgressAndCheckoutBodies_NeverA5xx()
    {
        var (itemId, _, cookie) = await ArrangeAsync();
        Check(Over(
            new(Role.ContentApi, "POST", $"/api/access/content/{itemId}/progress", ["positionSeconds", "durationSeconds", "completed"]),
            new(Role.ContentApi, "POST", $"/api/access/content/{Guid.NewGuid()}/progress", ["positionSeconds", "durationSeconds", "completed"]),
            new(Role.EcomApi, "POST", "/checkout/create", ["contentId", "successUrl", "cancelUrl"]),
            new(Role.EcomApi, "POST", "/webhooks/stripe", ["id", "type", "data", "created"])), cookie);
    }

    [Fact]
    public async Task OrganizationBodies_NeverA5xx()
    {
        var (_, orgId, cookie) = await ArrangeAsync();
        string[] profile = ["slug", "name", "description", "logoUrl", "websiteUrl"];
        Check(Over(
            new(Role.OrganizationApi, "POST", "/api/organizations", profile),
            new(Role.OrganizationApi, "PATCH", $"/api/organizations/{orgId}", profile),
            new(Role.OrganizationApi, "PUT", $"/api/organizations/{orgId}/settings", ["branding", "features", "contact"]),
            new(Role.OrganizationApi, "POST", $"/api/organizations/{orgId}/members", ["email", "role", "userId"]),
            new(Role.NotificationsApi, "POST", "/api/templates/verify-email/render", ["to", "name", "token"])), cookie);
    }

    private static readonly Gen<string> QueryValue = Gen.OneOf(
        Gen.Elements("", "0", "-1", "1", "100", "101", "1000", "1001", "2147483648", "99999999999999999999", "1e3", "0x10", "1.5", " 7 ",
            "video", "Video", "free", "paid", "newest", "popular", "mine", "draft", "in_progress", "superuser", "not-a-uuid",
            "00000000-0000-0000-0000-000000000000", Guid.NewGuid().ToString("D"), Guid.NewGuid().ToString("N"), "%", "_", "\\", "'", "\"; --"),
        ArbMap.Default.GeneratorFor<int>().Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ArbMap.Default.GeneratorFor<string>().Select(s => s ?? ""),
        Gen.Choose(0, 2000).Select(n => new string('q', n)));

    /// <summary>A query string: each parameter maybe absent, present once or twice, its value any text or raw bytes that are not UTF-8.</summary>
    private static Gen<string> Query(string[] names) =>
        from chosen in Gen.SubListOf(names)
        from values in Gen.ArrayOf(QueryValue, chosen.Count)
        from raw in Gen.Frequency((5, Gen.Constant("")), (1, Gen.Elements("&%FF%FE=%00", "&page=%C3%28", "&&&=&", "&limit=1&limit=2", "&search=%ZZ")))
        select string.Join("&", chosen.Select((n, i) => $"{n}={Escape(values[i])}")) + raw;

    private static string Escape(string value)
    {
        try { return Uri.EscapeDataString(value); }
        catch (UriFormatException) { return "%ED%A0%80"; } // a lone surrogate: sent as the bytes it would be
    }

    [Fact]
    public async Task QueryValues_NeverA5xx()
    {
        var (itemId, orgId, cookie) = await ArrangeAsync();
        var routes = new (Role Worker, string Path, string[] Names)[]
        {
            (Role.ContentApi, "/api/content", ["page", "limit", "search", "contentType", "accessType", "organizationId", "creatorId", "sort", "scope", "status"]),
            (Role.ContentApi, "/api/content/slug/some-slug", ["organizationId"]),
            (Role.ContentApi, $"/api/access/content/{itemId}/stream", ["expirySeconds"]),
            (Role.ContentApi, "/api/access/user/library", ["page", "limit", "filter", "sort", "search"]),
            (Role.OrganizationApi, "/api/organizations", ["page", "limit", "search"]),
            (Role.OrganizationApi, $"/api/organizations/{orgId}/members", ["page", "limit"]),
            (Role.EcomApi, "/checkout/verify", ["session_id"]),
            (Role.EcomApi, "/purchases", ["page", "limit"]),
            (Role.Auth, "/api/auth/verify-email", ["token"]),
            (Role.ContentApi, $"/media/{itemId}", ["exp", "sig"]),
        };
        var requests =
            from route in Gen.Elements(routes)
            from query in Query(route.Names)
            from signedIn in Gen.Elements(true, false)
            select (route.Worker, Url: route.Path + "?" + query, signedIn);
        Prop.ForAll(requests.ToArbitrary(), r =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, r.Url);
            if (r.signedIn) request.Headers.Add("Cookie", cookie);
            var response = fixture.Client(r.Worker).SendAsync(request).GetAwaiter().GetResult();
            AssertNoServerErrorAsync(response, $"GET {r.Url}").GetAwaiter().GetResult();
        }).Check(Runs);
    }

    [Fact]
    public void SessionCookies_NeverA5xx()
    {
        // Any cookie a browser could send (printable ASCII without ';'), to a worker and to the site.
        var cookieValue = Gen.ArrayOf(Gen.Choose(0x21, 0x7e).Select(c => (char)c).Where(c => c != ';' && c != ','))
            .Select(chars => new string(chars));
        var percentEncoded = ArbMap.Default.GeneratorFor<byte[]>().Select(bytes => string.Concat((bytes ?? []).Select(b => $"%{b:X2}")));
        var requests =
            from value in Gen.Frequency((2, cookieValue), (2, percentEncoded),
                (1, Gen.Elements("%FF%00", "%0D%0A", "\"\"", new string('a', 201), new string('a', 43), "=")))
            from target in Gen.Elements((Role.Auth, "/api/auth/session"), (Role.ContentApi, "/api/access/user/library"),
                (Role.EcomApi, "/purchases"), (Role.OrganizationApi, "/api/organizations/mine"), (Role.Site, "/library"), (Role.Site, "/discover"))
            select (target.Item1, target.Item2, value);
        Prop.ForAll(requests.ToArbitrary(), r =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, r.Item2);
            request.Headers.TryAddWithoutValidation("Cookie", $"{SessionCookie.Name}={r.value}");
            var response = fixture.Client(r.Item1).SendAsync(request).GetAwaiter().GetResult();
            var status = (int)response.StatusCode;
            Assert.True(status < 500, $"GET {r.Item2} with cookie \"{r.value}\" answered {status}");
            if (r.Item1 != Role.Site) AssertNoServerErrorAsync(response, $"GET {r.Item2}").GetAwaiter().GetResult();
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(100));
    }

    [Fact]
    public async Task MediaRanges_AreServedOrRefusedWithTheEnvelope_OnTheWorkerAndThroughTheSite()
    {
        const int size = 1000;
        var user = await _data.UserAsync();
        var (item, _) = await _data.VideoAsync(await _data.OrganizationAsync(), user, size: size);
        var stream = new HttpRequestMessage(HttpMethod.Get, $"/api/access/content/{item.Id}/stream");
        stream.Headers.Add("Cookie", await _data.SessionCookieAsync(user));
        var url = new Uri((await (await fixture.Client(Role.ContentApi).SendAsync(stream)).ReadAsync<DataEnvelope<Codex.Contracts.Content.StreamingUrlDto>>())
            .Data.StreamingUrl).PathAndQuery;
        var bound = Gen.OneOf(Gen.Choose(0, 2 * size).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Gen.Elements("", "-1", "99999999999999999999", "abc", " 5"));
        var ranges =
            from from_ in bound
            from to in bound
            from unit in Gen.Frequency((8, Gen.Constant("bytes")), (1, Gen.Elements("items", "BYTES", "")))
            from extra in Gen.Frequency((6, Gen.Constant("")), (1, Gen.Elements(",0-1", ",,", ", 5-")))
            from via in Gen.Elements(Role.ContentApi, Role.Site)
            select (Range: $"{unit}={from_}-{to}{extra}", via);
        Prop.ForAll(ranges.ToArbitrary(), r =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.TryAddWithoutValidation("Range", r.Range);
            var response = fixture.Client(r.via).SendAsync(request).GetAwaiter().GetResult();
            var what = $"Range: {r.Range} via {r.via}";
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.PartialContent or HttpStatusCode.RequestedRangeNotSatisfiable,
                $"{what} answered {(int)response.StatusCode}");
            if (response.StatusCode != HttpStatusCode.RequestedRangeNotSatisfiable) return;
            Assert.Equal($"bytes */{size}", response.Content.Headers.ContentRange?.ToString());
            AssertNoServerErrorAsync(response, what).GetAwaiter().GetResult();
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(100));
    }
}
