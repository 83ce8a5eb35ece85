using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Codex.Contracts.Notifications;
using Codex.Tests.Infrastructure;
using Codex.Tests.Web.Events;

namespace Codex.Tests.ScaleOut;

/// <summary>
/// Issue 17 ("an event caused through site A delivered on a stream held by the other"): the demo creator unpublishes an
/// item in the studio of site A, and the /events stream they hold open on site B says so.
/// </summary>
[Collection(ScaleOutCollection.Name)]
public sealed partial class EventsAcrossInstancesTests(ScaleOutDeployment deployment)
{
    private const string Org = "northwind-studio";
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(15);

    [ScaleOutFact]
    public async Task AContentChange_InTheStudioOfSiteA_IsDelivered_OnAStreamHeldBySiteB()
    {
        var creator = new BalancedBrowser();
        var signIn = await creator.SignInAsync(deployment.SiteA, deployment.SiteA, "creator@example.com", "codex-demo-1");
        Assert.True(signIn.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther, $"sign-in answered {(int)signIn.StatusCode}");
        var (id, edit) = await PublishedItemAsync(creator);
        await using var onB = await EventStreamReader.OpenAsync(deployment.SiteB, creator.SessionHeader);
        Assert.Equal(HttpStatusCode.OK, onB.Status);
        Assert.True(await onB.LineAsync(": connected", Soon));

        var unpublished = await creator.SubmitAsync(deployment.SiteA, edit, "form[action$='/unpublish']", new());
        Assert.True(unpublished.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther, $"unpublish answered {(int)unpublished.StatusCode}");

        var got = await onB.NextAsync(Soon);
        Assert.Equal(LiveEventTypes.ContentChanged, got?.Type);
        Assert.Equal(id, JsonDocument.Parse(got!.Value.Data).RootElement.GetProperty("contentId").GetGuid());
        // As it was, for the other tests and a person looking at the demo afterwards.
        var again = await creator.PageAsync(deployment.SiteA, $"/studio/{Org}/content/{id}/edit");
        await creator.SubmitAsync(deployment.SiteA, again, "form[action$='/publish']", new());
    }

    /// <summary>A published item of the organization and its edit page (with the Unpublish form), as the studio lists them.</summary>
    private async Task<(Guid Id, AngleSharp.Dom.IDocument Edit)> PublishedItemAsync(BalancedBrowser creator)
    {
        var list = (await creator.PageAsync(deployment.SiteA, $"/studio/{Org}/content")).DocumentElement.OuterHtml;
        foreach (var id in EditLink().Matches(list).Select(m => Guid.Parse(m.Groups[1].Value)).Distinct())
        {
            var edit = await creator.PageAsync(deployment.SiteA, $"/studio/{Org}/content/{id}/edit");
            if (edit.QuerySelector("form[action$='/unpublish']") is not null) return (id, edit);
        }
        throw new InvalidOperationException($"no published item in {Org}'s studio");
    }

    [GeneratedRegex("/studio/northwind-studio/content/([0-9a-f-]{36})/edit")]
    private static partial Regex EditLink();
}
