-- Neovim 0.7 (headless) as an LSP client of mailzone's language server.
--   MAILZONE_SERVER=dist/server.js MAILZONE_CODE=spf/soft-all MAILZONE_FIX=-all \
--     nvim --headless -i NONE -u test/realclient/nvim/init.lua FILE
-- It reports facts, one JSON object per line prefixed with MAILZONE_NVIM, and the node test
-- (test/realclient.test.mjs) makes the assertions:
--   diagnostics  every diagnostic published for FILE (code, range, severity, message)
--   hover        the hover text at the start of the first MAILZONE_CODE diagnostic
--   actions      the code-action titles offered for that diagnostic
--   applied      the title of the action whose title contains MAILZONE_FIX, and the line after applying it
--   after        the diagnostics after the edit was sent to the server
-- Leaves with `qall!` when done, `cquit 1` on an error; every wait is bounded.
local server = os.getenv('MAILZONE_SERVER')
local want_code = os.getenv('MAILZONE_CODE') or 'spf/soft-all'
local want_fix = os.getenv('MAILZONE_FIX') or '-all'

local function emit(kind, value)
  io.stdout:write('MAILZONE_NVIM ' .. vim.fn.json_encode({ kind = kind, value = value }) .. '\n')
end

local function code_of(d)
  if d.code ~= nil then return d.code end
  if d.user_data and d.user_data.lsp then return d.user_data.lsp.code end
  return nil
end

-- The LSP form of a vim diagnostic: 0.7 keeps only code/codeDescription/tags/data in user_data.lsp,
-- the range, message and severity come from the vim diagnostic itself.
local function lsp_diag(d)
  local out = {
    range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } },
    message = d.message, severity = d.severity, code = d.code, source = d.source,
  }
  if d.user_data and d.user_data.lsp then
    for k, v in pairs(d.user_data.lsp) do
      if out[k] == nil then out[k] = v end
    end
  end
  return out
end

local function diags(buf)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(out, {
      code = code_of(d), lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
      severity = d.severity, message = d.message, source = d.source,
    })
  end
  return out
end

local function find_diag(buf, code)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if code_of(d) == code then return d end
  end
  return nil
end

local function hover_text(result)
  if not result or not result.contents then return '' end
  local c = result.contents
  if type(c) == 'string' then return c end
  if c.value then return c.value end
  local parts = {}
  for _, x in ipairs(c) do table.insert(parts, type(x) == 'string' and x or x.value) end
  return table.concat(parts, '\n')
end

local function main()
  assert(server and server ~= '', 'MAILZONE_SERVER is not set')
  local buf = vim.api.nvim_get_current_buf()
  local file = vim.api.nvim_buf_get_name(buf)
  local root = vim.fn.fnamemodify(file, ':h')
  local client_id = vim.lsp.start_client({
    name = 'mailzone',
    cmd = { 'node', server, '--stdio' },
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = 'ws' } },
  })
  assert(client_id, 'start_client failed')
  vim.lsp.buf_attach_client(buf, client_id)
  emit('started', { file = file, filetype = vim.bo[buf].filetype })

  local function dead()
    local c = vim.lsp.get_client_by_id(client_id)
    return c == nil or c.is_stopped()
  end
  local got = vim.wait(15000, function() return find_diag(buf, want_code) ~= nil or dead() end, 50)
  got = find_diag(buf, want_code) ~= nil
  if dead() and not got then error('the language server exited before publishing diagnostics') end
  emit('diagnostics', diags(buf))
  if not got then error('no ' .. want_code .. ' diagnostic within 15 s') end
  local d = find_diag(buf, want_code)
  local uri = vim.uri_from_bufnr(buf)

  local hres = vim.lsp.buf_request_sync(buf, 'textDocument/hover', {
    textDocument = { uri = uri }, position = { line = d.lnum, character = d.col + 1 },
  }, 10000)
  local htext = ''
  for _, r in pairs(hres or {}) do htext = htext .. hover_text(r.result) end
  emit('hover', htext)

  local ld = lsp_diag(d)
  local ares = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', {
    textDocument = { uri = uri }, range = ld.range, context = { diagnostics = { ld } },
  }, 10000)
  local actions, titles = {}, {}
  for _, r in pairs(ares or {}) do
    for _, a in ipairs(r.result or {}) do
      table.insert(actions, a)
      table.insert(titles, a.title)
    end
  end
  emit('actions', titles)

  local chosen
  for _, a in ipairs(actions) do
    if a.title:find(want_fix, 1, true) and not a.title:lower():find('disable', 1, true) then chosen = a break end
  end
  if not chosen then error('no action whose title contains ' .. want_fix) end
  if not chosen.edit and not chosen.command then
    local client = vim.lsp.get_client_by_id(client_id)
    local rr = client.request_sync('codeAction/resolve', chosen, 10000, buf)
    if rr and rr.result then chosen = rr.result end
  end
  if chosen.edit then
    vim.lsp.util.apply_workspace_edit(chosen.edit, 'utf-16')
  elseif chosen.command then
    local cmd = type(chosen.command) == 'table' and chosen.command or chosen
    vim.lsp.buf_request_sync(buf, 'workspace/executeCommand', { command = cmd.command, arguments = cmd.arguments }, 10000)
  end
  emit('applied', { title = chosen.title, line = vim.api.nvim_buf_get_lines(buf, d.lnum, d.lnum + 1, false)[1] })

  local gone = vim.wait(10000, function() return find_diag(buf, want_code) == nil end, 50)
  emit('after', { cleared = gone, diagnostics = diags(buf) })

  vim.lsp.stop_client(client_id)
  vim.wait(2000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
end

vim.api.nvim_create_autocmd('VimEnter', {
  once = true,
  callback = function()
    local ok, err = pcall(main)
    if not ok then
      emit('error', tostring(err))
      vim.cmd('cquit 1')
    else
      emit('done', true)
      vim.cmd('qall!')
    end
  end,
})
