using System.Net;
using System.Net.Http.Headers;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Codex.Contracts;
using Codex.Tests.Infrastructure;
using Codex.Tests.Workers.OrganizationApi;
using Codex.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Web.Studio;

/// <summary>
/// <c>/studio/{org}/settings</c> without JavaScript (AngleSharp) in both shapes: who may open it, saving (and the space
/// showing the change at once), inline errors that keep what was typed, the preview on submit that saves nothing, the
/// logo forms, and the studio navigation per role.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class StudioSettingsPageTests(SiteFixture fixture)
{
    private readonly TestData _data = new(fixture);
    private readonly HttpClient _anonymous = fixture.Client(Role.Site);

    private static string Settings(StudioCast cast) => cast.Studio + "/settings";

    /// <summary>Every field of a form as a browser sends it: unchecked boxes left out, selects and textareas included.</summary>
    public static Dictionary<string, string> Fields(IDocument page, string selector)
    {
        var form = page.QuerySelector(selector)!;
        var values = new Dictionary<string, string>();
        foreach (var input in form.QuerySelectorAll("input[name]").OfType<IHtmlInputElement>())
        {
            if (input.Type is "submit" or "button" or "file" || (input.Type is "checkbox" or "radio" && !input.IsChecked)) continue;
            values[input.Name!] = input.Value;
        }
        foreach (var select in form.QuerySelectorAll("select[name]").OfType<IHtmlSelectElement>()) values[select.Name!] = select.Value ?? "";
        foreach (var area in form.QuerySelectorAll("textarea[name]").OfType<IHtmlTextAreaElement>()) values[area.Name!] = area.Value;
        return values;
    }

    private static Task<HttpResponseMessage> PostAsync(SiteBrowser browser, IDocument page, Dictionary<string, string> values, bool htmx = false)
    {
        var form = (IHtmlFormElement)page.GetElementById(DomIds.SettingsForm)!;
        var request = new HttpRequestMessage(HttpMethod.Post, form.GetAttribute("action")) { Content = new FormUrlEncodedContent(values) };
        if (htmx) request.Headers.Add("HX-Request", "true");
        return browser.SendAsync(request);
    }

    private async Task<Data.OrganizationSettings?> StoredSettingsAsync(Guid id)
    {
        await using var db = fixture.Db();
        return await db.OrganizationSettings.AsNoTracking().SingleOrDefaultAsync(s => s.OrganizationId == id);
    }

    [Fact]
    public async Task Get_Settings_AsOwner_InBothShapes_FilledWithWhatIsStored()
    {
        var cast = await StudioCast.ArrangeAsync(fixture, MemberRole.Owner);

        var full = await cast.Browser.GetAsync(Settings(cast));
        var fragment = await cast.Browser.SendAsync(Html.Htmx(Settings(cast)));

        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        Assert.Contains("HX-Request", full.Headers.Vary);
        Assert.True(full.Headers.CacheControl?.Private == true || full.Headers.CacheControl?.NoStore == true);
        var page = await full.ParseAsync();
        Assert.Equal($"Settings | {cast.Org.Name} studio | Codex", page.Title);
        Assert.Equal(cast.Org.Name, ((IHtmlInputElement)page.QuerySelector("#f-name")!).Value);
        Assert.True(((IHtmlInputElement)page.QuerySelector("#f-enablesignups")!).IsChecked);
        Assert.True(((IHtmlInputElement)page.QuerySelector("#f-enablepurchases")!).IsChecked);
        Assert.Equal("color", page.QuerySelector("#f-primarycolor-picker")!.GetAttribute("type"));
        Assert.Equal(BrandTheme.DefaultPrimary, ((IHtmlInputElement)page.QuerySelector("#f-primarycolor-picker")!).Value);
        Assert.NotNull(page.QuerySelector("label[for=f-primarycolor]"));
        Assert.NotNull(page.QuerySelector($"#{DomIds.BrandPreview}"));
        Assert.StartsWith("/studio/preview.css", page.QuerySelector("link[data-brand-preview-css]")!.GetAttribute("href"));
        Assert.Equal("multipart/form-data", page.GetElementById(DomIds.LogoForm)!.GetAttribute("enctype"));
        Assert.NotNull(page.QuerySelector("script[src^='/js/brand-preview.js']"));
        Assert.Empty(page.QuerySelectorAll("[style]"));
        var (raw, _) = await fragment.ParseFragmentAsync();
        Assert.StartsWith($"<form id=\"{DomIds.SettingsForm}\"", raw.TrimStart());
    }

    [Theory]
    [InlineData(Who.Anonymous, HttpStatusCode.Redirect)]
    [InlineData(Who.Customer, HttpStatusCode.Forbidden)]
    [InlineData(Who.Member, HttpStatusCode.Forbidden)]
    [InlineData(Who.Creator, HttpStatusCode.Forbidden)]
    [InlineData(Who.OwnerOfAnother, HttpStatusCode.Forbidden)]
    [InlineData(Who.Admin, HttpStatusCode.OK)]
    [InlineData(Who.Owner, HttpStatusCode.OK)]
    [InlineData(Who.PlatformAdmin, HttpStatusCode.OK)]
    public async Task Get_Settings_ByWho_AnswersByTheirRole(Who who, HttpStatusCode status)
    {
        var org = await _data.OrganizationAsync();
        var cookie = await _data.CookieAsync(org, who);
        var request = new HttpRequestMessage(HttpMethod.Get, $"/studio/{org.Slug}/settings");
        if (cookie is not null) request.Headers.Add("Cookie", cookie);

        var response = await _anonymous.SendAsync(request);

        Assert.Equal(status, response.StatusCode);
        if (status == HttpStatusCode.Redirect) Assert.StartsWith("/login?redirect=", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Save_AsOwner_Redirects_WithAFlash_AndTheSpaceShowsTheChangeAtOnce()
    {
        var cast = await StudioCast.ArrangeAsync(fixture, MemberRole.Owner);
        // An anonymous visitor's view of the space is cached by the site first.
        var before = await (await _anonymous.GetAsync($"/o/{cast.Org.Slug}")).ParseAsync();
        var themeBefore = before.QuerySelector("link[href*='theme.css']")!.GetAttribute("href");
        var page = await cast.Browser.PageAsync(Settings(cast));
        var values = Fields(page, $"#{DomIds.SettingsForm}");
        values["Name"] = "Renamed Org";
        values["Description"] = "Now with a description.";
        values["WebsiteUrl"] = "https://renamed.example.test";
        values["SupportEmail"] = "help@renamed.example.test";
        values["PlatformName"] = "Renamed";
        values.Remove("EnableSignups");
        values["PrimaryColor.Text"] = "#0b3d2e";
        values["BackgroundColor.Picker"] = "#fdf6e3"; // the picker moved, the text left as it was
        values["FontHeading"] = "Georgia, \"Times New Roman\", serif";
        values["Intent"] = "save";

        var response = await PostAsync(cast.Browser, page, values);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal(Settings(cast), response.Headers.Location!.ToString());
        var after = await cast.Browser.FollowAsync(response);
        Assert.Contains("Settings saved", after.GetElementById(DomIds.Flash)!.TextContent);
        Assert.Equal("Renamed Org", ((IHtmlInputElement)after.QuerySelector("#f-name")!).Value);
        Assert.Equal("#fdf6e3", ((IHtmlInputElement)after.QuerySelector("#f-backgroundcolor")!).Value);
        Assert.Contains("Renamed Org", after.QuerySelector(".breadcrumbs")!.TextContent);
        var stored = (await StoredSettingsAsync(cast.Org.Id))!;
        Assert.Equal(("#0b3d2e", "#fdf6e3", false, true), (stored.PrimaryColorHex, stored.BackgroundColorHex, stored.EnableSignups, stored.EnablePurchases));
        Assert.Equal("help@renamed.example.test", stored.SupportEmail);

        var space = await (await _anonymous.GetAsync($"/o/{cast.Org.Slug}")).ParseAsync();
        Assert.Equal("Renamed Org", space.QuerySelector("h1")!.TextContent);
        Assert.Equal("Now with a description.", space.QuerySelector(".org-description")!.TextContent);
        var theme = space.QuerySelector("link[href*='theme.css']")!.GetAttribute("href")!;
        Assert.NotEqual(themeBefore, theme);
        var css = await _anonymous.GetStringAsync(theme);
        Assert.Contains("--color-primary: #0b3d2e;", css);
        Assert.Contains("--color-bg: #fdf6e3;", css);
        Assert.Contains("--font-heading: Georgia, \"Times New Roman\", serif;", css);
    }

    [Fact]
    public async Task Save_AsHtmx_AnswersWithHxRedirect()
    {
        var cast = await StudioCast.ArrangeAsync(fixture, MemberRole.Admin);
        var page = await cast.Browser.PageAsync(Settings(cast));
        var values = Fields(page, $"#{DomIds.SettingsForm}");
        values["AccentColor.Text"] = "#7c2d12";
        values["Intent"] = "save";

        var response = await PostAsync(cast.Browser, page, values, htmx: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Settings(cast), response.Headers.GetValues("HX-Redirect").Single());
        Assert.Equal("#7c2d12", (await StoredSettingsAsync(cast.Org.Id))!.AccentColorHex);
    }

    public static TheoryData<string, string, string> Invalid => new()
    {
        { "PrimaryColor.Text", "red", "PrimaryColor" },
        { "BackgroundColor.Text", "#fff;}body{display:none", "BackgroundColor" },
        { "FontBody", "Inter;}body{background:url(//evil.test)}", "FontBody" },
        { "FontHeading", "\"Unclosed, serif", "FontHeading" },
        { "WebsiteUrl", "javascript:alert(1)", "WebsiteUrl" },
        { "SupportEmail", "not an address", "SupportEmail" },
        { "Name", "   ", "Name" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public async Task Save_WithAnInvalidValue_Answers422_InBothShapes_KeepingEverythingTyped_AndSavesNothing(string field, string value, string error)
    {
        var cast = await StudioCast.ArrangeAsync(fixture, MemberRole.Owner);
        var page = await cast.Browser.PageAsync(Settings(cast));
        var values = Fields(page, $"#{DomIds.SettingsForm}");
        values["Description"] = "Typed, not saved.";
        values["AccentColor.Text"] = "#123456";
        values[field] = value;
        values["Intent"] = "save";

        var full = await PostAsync(cast.Browser, page, values);
        var fragment = await PostAsync(cast.Browser, page, values, htmx: true);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, full.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, fragment.StatusCode);
        var again = await full.ParseAsync();
        var id = "f-" + error.ToLowerInvariant();
        Assert.NotNull(again.GetElementById(id + "-error"));
        Assert.Equal("true", again.GetElementById(id)!.GetAttribute("aria-invalid"));
        Assert.NotNull(again.QuerySelector($"#{DomIds.ErrorSummary} a[href='#{id}']"));
        Assert.Equal("Typed, not saved.", again.QuerySelector("#f-description")!.TextContent);
        Assert.Equal("#123456", ((IHtmlInputElement)again.QuerySelector("#f-accentcolor")!).Value);
        if (field != "Name" && again.GetElementById(id) is IHtmlInputElement input) Assert.Equal(value, input.Value);
        Assert.StartsWith($"<form id=\"{DomIds.SettingsForm}\"", (await fragment.ParseFragmentAsync()).Raw.TrimStart());
        Assert.Null(await StoredSettingsAsync(cast.Org.Id));
        await using var db = fixture.Db();
        Assert.Null((await db.Organizations.SingleAsync(o => o.Id == cast.Org.Id)).Description);
    }

    [Fact]
    public async Task Preview_WithoutJavaScript_ShowsTheSubmittedValues_WithTheSpacesContrastFallback_AndSavesNothing()
    {
        var cast = await StudioCast.ArrangeAsync(fixture, MemberRole.Owner);
        var page = await cast.Browser.PageAsync(Settings(cast));
        var values = Fields(page, $"#{DomIds.SettingsForm}");
        values["Name"] = "Preview Name";
        values["BackgroundColor.Text"] = "#101820";
        values["PrimaryColor.Text"] = "#1a1a2e"; // unreadable on that background: the space would fall back
        values["Intent"] = "preview";

        var response = await PostAsync(cast.Browser, page, values);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var preview = await response.ParseAsync();
        Assert.Contains("nothing is saved", preview.QuerySelector(".notice[role=status]")!.TextContent);
        Assert.Equal("Preview Name", preview.QuerySelector("[data-preview-name]")!.TextContent);
        Assert.Equal("#101820", ((IHtmlInputElement)preview.QuerySelector("#f-backgroundcolor")!).Value);
        var css = await cast.Browser.GetAsync(preview.QuerySelector("link[data-brand-preview-css]")!.GetAttribute("href")!);
        var text = await css.Content.ReadAsStringAsync();
        Assert.Equal("text/css", css.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith(".brand-preview {", text);
        Assert.Contains("--color-bg: #101820;", text);
        Assert.Contains("--color-text: #ffffff;", text);
        Assert.DoesNotContain("--color-primary: #1a1a2e;", text);
        Assert.Contains(".brand-note-primary { display: block; }", text);
        // The same palette the space itself would use.
        var palette = BrandTheme.Resolve(new Codex.Contracts.Organizations.BrandingDto(null, "#1a1a2e", null, null, "#101820", null, null));
        Assert.Contains($"--color-primary: {palette.Primary};", text);
        Assert.Null(await StoredSettingsAsync(cast.Org.Id));
        await using var db = fixture.Db();
        Assert.Equal(cast.Org.Name, (await db.Organizations.SingleAsync(o => o.Id == cast.Org.Id)).Name);
    }

    [Theory]
    [InlineData("background=%23fff%3B%7Dbody%7Bdisplay%3Anone&primary=red&body=Inter%3B%7D", "display:none")]
    [InlineData("heading=%22Open%2C%20serif&body=url(x)", "url(")]
    public async Task PreviewCss_IgnoresWhatFailsThePatterns(string query, string absent)
    {
        var text = await _anonymous.GetStringAsync("/studio/preview.css?" + query);

        Assert.DoesNotContain(absent, text);
        Assert.DoesNotContain("--font-", text);
        Assert.Contains($"--color-bg: {BrandTheme.DefaultBackground};", text);
        Assert.Contains($"--color-primary: {BrandTheme.DefaultPrimary};", text);
    }

    [Theory]
    [InlineData("logo.png", "image/png")]
    [InlineData("logo.jpg", "image/jpeg")]
    [InlineData("logo.webp", "image/webp")]
    public async Task UploadLogo_WithoutJavaScript_ShowsItOnTheSpace_ServedFromTheSiteWithNosniff(string file, string type)
    {
        var cast = await StudioCast.ArrangeAsync(fixture, MemberRole.Owner);
        var page = await cast.Browser.PageAsync(Settings(cast));
        await _anonymous.GetAsync($"/o/{cast.Org.Slug}"); // cached without a logo first

        var response = await UploadAsync(cast.Browser, page, LogoTests.Fixture(file), file);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var after = await cast.Browser.FollowAsync(response);
        Assert.Contains("Logo uploaded", after.GetElementById(DomIds.Flash)!.TextContent);
        var current = after.QuerySelector(".logo-current-image")!.GetAttribute("src")!;
        Assert.Matches(Codex.Contracts.Organizations.LogoRules.PathPattern(), current);
        var space = await (await _anonymous.GetAsync($"/o/{cast.Org.Slug}")).ParseAsync();
        var logo = space.QuerySelector("img.org-logo")!;
        Assert.Equal(current, logo.GetAttribute("src"));
        Assert.Equal($"{cast.Org.Name} logo", logo.GetAttribute("alt"));
        var image = await _anonymous.GetAsync(current);
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal(type, image.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", image.Headers.GetValues("X-Content-Type-Options").First());
        Assert.Equal(LogoTests.Fixture(file), await image.Content.ReadAsByteArrayAsync());

        // Remove it: the space shows the name alone, and the file is gone.
        var removePage = after;
        var remove = await cast.Browser.SubmitAsync(removePage, ".logo-remove-form", []);
        Assert.Equal(HttpStatusCode.SeeOther, remove.StatusCode);
        Assert.Null((await (await _anonymous.GetAsync($"/o/{cast.Org.Slug}")).ParseAsync()).QuerySelector("img.org-logo"));
        Assert.Equal(HttpStatusCode.NotFound, (await _anonymous.GetAsync(current)).StatusCode);
    }

    [Theory]
    [InlineData("logo.svg", HttpStatusCode.BadRequest, "not SVG")]
    [InlineData("big", HttpStatusCode.RequestEntityTooLarge, "larger than 2 MB")]
    public async Task UploadLogo_Refused_ShowsWhyOnThePage(string file, HttpStatusCode status, string message)
    {
        var cast = await StudioCast.ArrangeAsync(fixture, MemberRole.Owner);
        var page = await cast.Browser.PageAsync(Settings(cast));
        var bytes = file == "big" ? new byte[Codex.Contracts.Organizations.LogoRules.MaxBytes + 1] : LogoTests.Fixture(file);

        var response = await UploadAsync(cast.Browser, page, bytes, file == "big" ? "big.png" : file);

        Assert.Equal(status, response.StatusCode);
        var again = await response.ParseAsync();
        Assert.Contains(message, again.GetElementById("f-logo-error")!.TextContent);
        Assert.Equal("true", again.GetElementById("f-logo")!.GetAttribute("aria-invalid"));
        await using var db = fixture.Db();
        Assert.Null((await db.Organizations.SingleAsync(o => o.Id == cast.Org.Id)).LogoUrl);
    }

    [Fact]
    public async Task UploadLogo_AFarLargerBody_IsRefusedWithThe413Page_BeforeTheSiteReadsIt()
    {
        var cast = await StudioCast.ArrangeAsync(fixture, MemberRole.Owner);
        var page = await cast.Browser.PageAsync(Settings(cast));
        var bytes = new byte[Codex.Web.Features.Studio.Settings.SettingsController.MaxLogoRequestBytes + 1024 * 1024];

        // As a browser does for a large body: wait for "100 Continue" before sending it, so the early 413 arrives as an
        // answer instead of a broken pipe while the client is still writing the 3 MB.
        var response = await UploadAsync(cast.Browser, page, bytes, "huge.png", expectContinue: true);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("Too large", (await response.ParseAsync()).QuerySelector("h1")!.TextContent);
        await using var db = fixture.Db();
        Assert.Null((await db.Organizations.SingleAsync(o => o.Id == cast.Org.Id)).LogoUrl);
    }

    private static Task<HttpResponseMessage> UploadAsync(SiteBrowser browser, IDocument page, byte[] bytes, string name, bool expectContinue = false)
    {
        var form = page.GetElementById(DomIds.LogoForm)!;
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        var content = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" }, { file, "file", name } };
        var request = new HttpRequestMessage(HttpMethod.Post, form.GetAttribute("action")) { Content = content };
        request.Headers.ExpectContinue = expectContinue;
        return browser.SendAsync(request);
    }

    [Theory]
    [InlineData(Who.Creator, false)]
    [InlineData(Who.Admin, true)]
    [InlineData(Who.Owner, true)]
    [InlineData(Who.PlatformAdmin, true)]
    public async Task StudioNavigation_ShowsEachSectionOnlyToTheRolesThatMayUseIt(Who who, bool administers)
    {
        var org = await _data.OrganizationAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, $"/studio/{org.Slug}/content");
        request.Headers.Add("Cookie", await _data.CookieAsync(org, who));

        var page = await (await _anonymous.SendAsync(request)).ParseAsync();

        var links = page.QuerySelectorAll(".studio-nav a").Select(a => a.GetAttribute("href")).ToList();
        var studio = $"/studio/{org.Slug}";
        Assert.Subset(links.ToHashSet(), new HashSet<string?> { studio, studio + "/content", studio + "/content/new", studio + "/media", $"/o/{org.Slug}" });
        foreach (var section in new[] { "/members", "/sales", "/settings" })
            Assert.Equal(administers, links.Contains(studio + section));
    }

    [Fact]
    public async Task ContentPage_OfAnOrganizationThatDoesNotSell_OffersNoBuyButton()
    {
        var org = await _data.OrganizationAsync();
        var creator = await _data.UserAsync();
        var item = await _data.ContentAsync(org, creator, "Paid but not for sale", access: AccessType.Paid);
        await using (var db = fixture.Db())
        {
            db.OrganizationSettings.Add(new Data.OrganizationSettings { OrganizationId = org.Id, EnablePurchases = false, EnableSignups = true });
            await db.SaveChangesAsync();
        }

        var page = await (await _anonymous.GetAsync($"/o/{org.Slug}/content/{item.Slug}")).ParseAsync();

        Assert.Null(page.GetElementById(DomIds.BuyForm));
    }

}
