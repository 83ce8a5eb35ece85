using Codex.Contracts;
using Codex.Contracts.Content;
using Codex.Web.Infrastructure.Workers;

namespace Codex.Web.Features.Home;

/// <summary><c>/</c>: the platform home. This first version shows the newest items and a search box.</summary>
public sealed class HomeController(ContentClient content) : Controller
{
    [HttpGet("/")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        PagedList<ContentDto>? newest = null;
        try
        {
            newest = await content.ListAsync(new ContentListQuery { Limit = 8 }, ct);
        }
        catch (WorkerUnavailableException)
        {
            // The search box still works; the list shows a notice.
        }
        return View(new HomeViewModel(newest));
    }
}

/// <summary>The home page: null items when the catalogue did not answer.</summary>
public sealed record HomeViewModel(PagedList<ContentDto>? Newest);
