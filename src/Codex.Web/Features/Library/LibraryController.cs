using Codex.Web.Infrastructure;

namespace Codex.Web.Features.Library;

/// <summary><c>/library</c>: what the signed-in user owns. Its content arrives with the playback issue.</summary>
[RequireSession]
public sealed class LibraryController : Controller
{
    [HttpGet("/library")]
    public IActionResult Index() => View();
}
