using System.Net;
using Codex.Contracts;
using Codex.Tests.Infrastructure;
using Codex.Web.Infrastructure;

namespace Codex.Tests.Web.Studio;

/// <summary><c>/studio</c> and <c>/studio/{org}</c>, the header's Studio link, and the draft banner on the public page.</summary>
[Collection(SiteCollection.Name)]
public sealed class StudioHomePagesTests(SiteFixture fixture)
{
    private readonly TestData _data = new(fixture);

    [Fact]
    public async Task Get_Studio_ListsTheOrganizationsWithTheCallersRole_InBothShapes()
    {
        var cast = await StudioCast.ArrangeAsync(fixture, MemberRole.Owner);
        var memberOf = await _data.OrganizationAsync();
        await _data.MembershipAsync(memberOf, cast.Creator, MemberRole.Member);

        var full = await cast.Browser.GetAsync("/studio");
        var fragment = await cast.Browser.SendAsync(Html.Htmx("/studio"));

        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        Assert.Contains("HX-Request", full.Headers.Vary);
        var page = await full.ParseAsync();
        Assert.Equal("Studio | Codex", page.Title);
        var managed = page.QuerySelectorAll(".studio-org").Single();
        Assert.Equal(cast.Org.Name, managed.QuerySelector($"h3 a[href='/studio/{cast.Org.Slug}']")!.TextContent);
        Assert.Equal("Owner", managed.QuerySelector(".badge-role")!.TextContent);
        Assert.NotNull(managed.QuerySelector($"a[href='/studio/{cast.Org.Slug}/content/new']"));
        // Where they are only a member: a link to the public space, none into a studio they cannot use.
        Assert.NotNull(page.QuerySelector($".studio-member-of a[href='/o/{memberOf.Slug}']"));
        Assert.Null(page.QuerySelector($"a[href='/studio/{memberOf.Slug}']"));
        var (raw, _) = await fragment.ParseFragmentAsync();
        Assert.StartsWith($"<section id=\"{DomIds.StudioOrganizations}\"", raw.TrimStart());
    }

    [Fact]
    public async Task TheDemoCreator_SignsIn_AndFindsTheirOrganizationsAndDraftsInTheStudio()
    {
        var browser = new SiteBrowser(fixture.System.SiteUrl);
        var signIn = await browser.SubmitAsync(await browser.PageAsync("/login?redirect=%2Fstudio"), $"#{DomIds.LoginForm}",
            new() { ["Email"] = "creator@example.com", ["Password"] = "codex-demo-1" });

        var studio = await browser.FollowAsync(signIn);

        var organizations = studio.QuerySelectorAll(".studio-org")
            .ToDictionary(o => o.QuerySelector("h3")!.TextContent.Trim(), o => o.QuerySelector(".badge-role")!.TextContent.Trim());
        Assert.Equal("Owner", organizations["Northwind Studio"]);
        Assert.Equal("Creator", organizations["Lumen Audio"]);
        // The back office's links on the card: for the organization they own, not where they are a creator.
        string[] Links(string name) => [.. studio.QuerySelectorAll(".studio-org").Single(o => o.QuerySelector("h3")!.TextContent.Trim() == name)
            .QuerySelectorAll(".studio-org-links a").Select(a => a.TextContent.Trim())];
        Assert.Subset(Links("Northwind Studio").ToHashSet(), new HashSet<string> { "Members", "Sales", "Settings" });
        Assert.DoesNotContain("Sales", Links("Lumen Audio"));
        Assert.DoesNotContain("Settings", Links("Lumen Audio"));
        var dashboard = await browser.PageAsync(studio.QuerySelectorAll(".studio-org h3 a").First(a => a.TextContent == "Northwind Studio").GetAttribute("href")!);
        var drafts = dashboard.QuerySelectorAll("[aria-labelledby=drafts-heading] .studio-list > li > a").Select(a => a.TextContent).ToList();
        Assert.NotEmpty(drafts);
        Assert.All(drafts, title => Assert.StartsWith("Work in progress", title));
    }

    [Fact]
    public async Task NewOrganization_InBothShapes_ThenCreated_ItsFounderLandsInItsStudioAsOwner()
    {
        var founder = await StudioCast.BrowserAsync(fixture, await _data.UserAsync("Founder"));
        // Seen without memberships first, so a stale cached answer would show after the creation.
        Assert.Empty((await founder.PageAsync("/studio")).QuerySelectorAll(".studio-org"));
        var slug = "new-org-" + Guid.NewGuid().ToString("N")[..10];

        var page = await founder.PageAsync("/studio/new");
        var fragment = await founder.SendAsync(Html.Htmx("/studio/new"));
        var created = await founder.SubmitAsync(page, $"#{DomIds.NewOrganizationForm}",
            new() { ["Name"] = "Founded Here", ["Slug"] = slug, ["Description"] = "Ours." });

        Assert.StartsWith($"<form id=\"{DomIds.NewOrganizationForm}\"", (await fragment.ParseFragmentAsync()).Raw.TrimStart());
        Assert.Equal(HttpStatusCode.SeeOther, created.StatusCode);
        Assert.Equal($"/studio/{slug}", created.Headers.Location!.ToString());
        var dashboard = await founder.FollowAsync(created);
        Assert.Equal("Founded Here", dashboard.QuerySelector("h1")!.TextContent);
        Assert.Contains("you are its owner", dashboard.GetElementById(DomIds.Flash)!.TextContent);
        Assert.Equal("Owner", (await founder.PageAsync("/studio")).QuerySelector(".studio-org .badge-role")!.TextContent);
    }

    [Theory]
    [InlineData("studio", "reserved")]
    [InlineData("NO", "lower-case")]
    public async Task NewOrganization_WithABadAddress_Is422_OnTheAddress_KeepingTheName(string slug, string message)
    {
        var founder = await StudioCast.BrowserAsync(fixture, await _data.UserAsync("Founder"));

        var response = await founder.SubmitAsync(await founder.PageAsync("/studio/new"), $"#{DomIds.NewOrganizationForm}",
            new() { ["Name"] = "Kept", ["Slug"] = slug });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Contains(message, page.QuerySelector("#f-slug-error")!.TextContent);
        Assert.Equal("Kept", page.QuerySelector("#f-name")!.GetAttribute("value"));
    }

    [Fact]
    public async Task NewOrganization_WithATakenAddress_ShowsTheWorkersRefusalOnTheAddress()
    {
        var existing = await _data.OrganizationAsync();
        var founder = await StudioCast.BrowserAsync(fixture, await _data.UserAsync("Founder"));

        var response = await founder.SubmitAsync(await founder.PageAsync("/studio/new"), $"#{DomIds.NewOrganizationForm}",
            new() { ["Name"] = "Copycat", ["Slug"] = existing.Slug });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.NotNull((await response.ParseAsync()).QuerySelector("#f-slug-error"));
    }

    [Fact]
    public async Task Get_Studio_Anonymous_GoesToSignIn()
    {
        var response = await fixture.Client(Role.Site).GetAsync("/studio");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/login?redirect=%2Fstudio", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Get_Dashboard_ShowsDraftsAndRecentlyPublished_InBothShapes()
    {
        var cast = await StudioCast.ArrangeAsync(fixture);
        var draft = await _data.ContentAsync(cast.Org, cast.Creator, "Half done", status: ContentStatus.Draft);
        for (var i = 0; i < 6; i++) await _data.ContentAsync(cast.Org, cast.Creator, $"Out {i}", daysAgo: i);

        var full = await cast.Browser.GetAsync(cast.Studio);
        var fragment = await cast.Browser.SendAsync(Html.Htmx(cast.Studio));

        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        var page = await full.ParseAsync();
        Assert.Equal(cast.Org.Name, page.QuerySelector("h1")!.TextContent);
        var drafts = page.QuerySelector("[aria-labelledby=drafts-heading]")!;
        Assert.Equal("Half done", drafts.QuerySelector($"a[href='{cast.Content}/{draft.Id}/edit']")!.TextContent);
        Assert.Equal("Draft", drafts.QuerySelector(".badge-draft")!.TextContent.Trim());
        var published = page.QuerySelector("[aria-labelledby=published-heading]")!;
        Assert.Equal(5, published.QuerySelectorAll(".studio-list > li").Length);
        Assert.Equal("6", published.QuerySelector(".count")!.TextContent);
        Assert.NotNull(published.QuerySelector($"a[href='{cast.Content}?status=published']"));
        Assert.Equal("page", page.QuerySelector($".studio-nav a[href='{cast.Studio}']")!.GetAttribute("aria-current"));
        var (raw, _) = await fragment.ParseFragmentAsync();
        Assert.StartsWith($"<div id=\"{DomIds.StudioDashboard}\"", raw.TrimStart());
    }

    [Fact]
    public async Task Get_Dashboard_OfAnUnknownOrganization_ForAPlatformAdmin_Is404()
    {
        var admin = await _data.UserAsync("Admin", UserRole.Admin);
        var browser = await StudioCast.BrowserAsync(fixture, admin);

        var response = await browser.GetAsync("/studio/no-such-organization-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task TheHeader_OffersTheStudio_ToCreatorsAndPlatformAdmins_NotToMembersOrCustomers()
    {
        var cast = await StudioCast.ArrangeAsync(fixture);
        var member = await _data.UserAsync("Member");
        await _data.MembershipAsync(cast.Org, member, MemberRole.Member);
        var admin = await _data.UserAsync("Admin", UserRole.Admin);

        async Task<bool> OffersAsync(SiteBrowser browser) =>
            (await browser.PageAsync("/library")).QuerySelector("header.site-header a.nav-studio[href='/studio']") is not null;

        Assert.True(await OffersAsync(cast.Browser));
        Assert.True(await OffersAsync(await StudioCast.BrowserAsync(fixture, admin)));
        Assert.False(await OffersAsync(await StudioCast.BrowserAsync(fixture, member)));
        Assert.False(await OffersAsync(await StudioCast.BrowserAsync(fixture, await _data.UserAsync("Customer"))));
    }

    [Fact]
    public async Task ThePublicPageOfADraft_TellsItsTeamItIsADraft_AndIsNotFoundForAnyoneElse()
    {
        var cast = await StudioCast.ArrangeAsync(fixture);
        var draft = await _data.ContentAsync(cast.Org, cast.Creator, "Secret draft", status: ContentStatus.Draft);
        var published = await _data.ContentAsync(cast.Org, cast.Creator, "Public piece");
        var customer = await StudioCast.BrowserAsync(fixture, await _data.UserAsync("Customer"));
        var path = $"/o/{cast.Org.Slug}/content/{draft.Slug}";

        var forTeam = await cast.Browser.GetAsync(path);
        var forCustomer = await customer.GetAsync(path);
        var forAnonymous = await fixture.Client(Role.Site).GetAsync(path);
        var publishedForTeam = await cast.Browser.PageAsync($"/o/{cast.Org.Slug}/content/{published.Slug}");

        Assert.Equal(HttpStatusCode.OK, forTeam.StatusCode);
        var page = await forTeam.ParseAsync();
        var banner = page.GetElementById(DomIds.DraftBanner)!;
        Assert.Contains("Draft — only your team can see this", banner.TextContent);
        Assert.NotNull(banner.QuerySelector($"a[href='{cast.Content}/{draft.Id}/edit']"));
        Assert.NotNull(page.QuerySelector("meta[name=robots][content=noindex]"));
        Assert.False(forTeam.Headers.CacheControl!.Public);
        Assert.Equal(HttpStatusCode.NotFound, forCustomer.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, forAnonymous.StatusCode);
        Assert.Null(publishedForTeam.GetElementById(DomIds.DraftBanner));
    }
}
